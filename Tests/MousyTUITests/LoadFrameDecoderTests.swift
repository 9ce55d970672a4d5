import Messages
import NIOCore
import NIOEmbedded
import NIOTestUtils
import Testing

@testable import Load

@Suite("mousy load's frame decoder: decodes what a player acts on, skips the rest")
struct LoadFrameDecoderTests {
    private static func frame(_ message: WireMessage) -> [UInt8] {
        try! Frame.encode(message)
    }

    private static func cursor(_ name: String, _ x: Int32, _ y: Int32) -> WireMessage {
        var cursor = PlayerCursor()
        cursor.username = name
        cursor.x = x
        cursor.y = y
        cursor.leftClick = x % 2 == 0
        return .playerCursor(cursor)
    }

    private static func ping(_ sent: UInt64) -> WireMessage {
        var ping = Ping()
        ping.sentEpoch = sent
        ping.rttUs = 1234
        return .ping(ping)
    }

    private static var welcome: WireMessage {
        var result = LoginResult()
        result.ok = true
        result.pingIntervalMs = 1000
        result.playersOnline = 5000
        return .loginResult(result)
    }

    private static var goodbye: WireMessage {
        var logout = PlayerLogout()
        logout.username = "load17"
        logout.reason = "left"
        return .playerLogout(logout)
    }

    /// A server's stream: the welcome, then cursors (one of zero bytes) around pings and a logout.
    private static let stream: [WireMessage] = [
        welcome,
        cursor("load1", 10, 20), cursor("load2", 799, 599), .playerCursor(PlayerCursor()),
        ping(1_700_000_000_000_000),
        cursor("load3", -50, 900), cursor("ロード", 1, 2),
        goodbye,
        cursor("load4", 400, 300), ping(1_700_000_001_000_000),
    ]

    private static func bytes(_ messages: [WireMessage]) -> ByteBuffer {
        ByteBuffer(bytes: messages.flatMap(frame))
    }

    private static func isCursor(_ message: WireMessage) -> Bool {
        if case .playerCursor = message { true } else { false }
    }

    @Test("a player that is not sampled gets every frame but the cursors, whatever the reads' sizes")
    func verifierSkipping() throws {
        let pairs = Self.stream.map { (Self.bytes([$0]), Self.isCursor($0) ? [] : [$0]) }
        try ByteToMessageDecoderVerifier.verifyDecoder(inputOutputPairs: pairs) {
            LoadFrameDecoder(decodesCursors: false, skipped: SkippedFrames())
        }
    }

    @Test("a sampled player gets every frame decoded, whatever the reads' sizes")
    func verifierDecoding() throws {
        let pairs = Self.stream.map { (Self.bytes([$0]), [$0]) }
        try ByteToMessageDecoderVerifier.verifyDecoder(inputOutputPairs: pairs) {
            LoadFrameDecoder(decodesCursors: true, skipped: SkippedFrames())
        }
    }

    @Test("frames split across reads at every byte: the same messages, and every cursor counted once",
          arguments: [1, 2, 3, 7, 64, 4096])
    func splitReads(chunk: Int) throws {
        let skipped = SkippedFrames()
        let channel = EmbeddedChannel(handler: LoadFrameDecoder.handler(decodesCursors: false, skipped: skipped))
        var all = Self.bytes(Self.stream + Self.stream)
        while all.readableBytes > 0 {
            try channel.writeInbound(all.readSlice(length: min(chunk, all.readableBytes))!)
        }
        var got: [WireMessage] = []
        while let message = try channel.readInbound(as: WireMessage.self) { got.append(message) }
        let expected = (Self.stream + Self.stream).filter { !Self.isCursor($0) }
        #expect(got == expected)
        let cursors = 2 * Self.stream.filter(Self.isCursor).count
        #expect(skipped.take() == (frames: cursors, cursors: cursors, objects: 0))
        #expect(skipped.take() == (frames: 0, cursors: 0, objects: 0), "take() starts again from zero")
        #expect(try channel.finish().isClean)
    }

    @Test("a client's own message types from the server are skipped, not decoded or passed on")
    func clientTypesSkipped() throws {
        let skipped = SkippedFrames()
        let channel = EmbeddedChannel(handler: LoadFrameDecoder.handler(decodesCursors: true, skipped: skipped))
        var login = PlayerLogin()
        login.username = "x"
        try channel.writeInbound(Self.bytes([.playerLogin(login), .mouseMove(MouseMove()), Self.ping(7)]))
        #expect(try channel.readInbound(as: WireMessage.self) == Self.ping(7))
        #expect(try channel.readInbound(as: WireMessage.self) == nil)
        #expect(skipped.take() == (frames: 2, cursors: 0, objects: 0))
        #expect(try channel.finish().isClean)
    }

    @Test("GAME_OBJECT frames are counted and skipped, or decoded for a player that drags boxes", arguments: [false, true])
    func objects(decoded: Bool) throws {
        let skipped = SkippedFrames()
        let channel = EmbeddedChannel(handler: LoadFrameDecoder.handler(decodesCursors: false, decodesObjects: decoded, skipped: skipped))
        let box = WireMessage.gameObject(.with { ($0.id, $0.x, $0.y, $0.w, $0.h, $0.tick) = (3, 10, 20, 30, 40, 5) })
        try channel.writeInbound(Self.bytes([box, Self.ping(7), box]))
        var got: [WireMessage] = []
        while let message = try channel.readInbound(as: WireMessage.self) { got.append(message) }
        #expect(got == (decoded ? [box, Self.ping(7), box] : [Self.ping(7)]))
        #expect(skipped.take() == (decoded ? (frames: 0, cursors: 0, objects: 0) : (frames: 2, cursors: 0, objects: 2)))
        #expect(try channel.finish().isClean)
    }

    @Test("UNKNOWN (0) is refused as soon as its header arrives")
    func unknownType() throws {
        let channel = EmbeddedChannel(handler: LoadFrameDecoder.handler(decodesCursors: false, skipped: SkippedFrames()))
        try channel.writeInbound(Self.bytes([Self.cursor("load1", 1, 2)]))
        // The header of a frame whose 200-byte payload never comes.
        #expect(throws: FrameError.unknownType(0)) {
            try channel.writeInbound(ByteBuffer(bytes: [200, 0]))
        }
        _ = try? channel.finish()
    }

    /// The first byte the proto names no type for, and the last byte.
    private static let newerTypes: [UInt8] = [(1...255).first { Frame.messageType($0) == nil }!, 255]

    @Test("a frame of a type the table does not name (a newer server's) is skipped and counted", arguments: newerTypes)
    func newerType(type: UInt8) throws {
        let skipped = SkippedFrames()
        let channel = EmbeddedChannel(handler: LoadFrameDecoder.handler(decodesCursors: false, skipped: skipped))
        // Split: the header, part of the payload, the rest with a ping behind it.
        try channel.writeInbound(ByteBuffer(bytes: [200, type]))
        try channel.writeInbound(ByteBuffer(bytes: [UInt8](repeating: 0xFF, count: 150)))
        #expect(try channel.readInbound(as: WireMessage.self) == nil)
        try channel.writeInbound(ByteBuffer(bytes: [UInt8](repeating: 0xFF, count: 50) + Self.bytes([Self.ping(7)]).readableBytesView))
        #expect(try channel.readInbound(as: WireMessage.self) == Self.ping(7))
        #expect(skipped.unknown == 1)
        #expect(try channel.finish().isClean)
    }

    /// A frame of an unknown type is a newer server's and is skipped, so a slip in the
    /// framing is noticed where it lands: type 0, a known type's malformed payload, or,
    /// as here, the stream ending inside a frame.
    @Test("a length byte that runs past its frame, or stops short of it, loses the framing and is refused",
          arguments: [1, -1])
    func wrongLength(delta: Int) throws {
        let skipped = SkippedFrames()
        let channel = EmbeddedChannel(handler: LoadFrameDecoder.handler(decodesCursors: false, skipped: skipped))
        var bad = Self.frame(Self.cursor("load1", 10, 20))
        bad[0] = UInt8(Int(bad[0]) + delta)
        // After it, a logout with only a reason: [122][6][0x12 120 ...]. One byte too long
        // swallows its length byte and reads 0x12 (18) as a type; one too short reads the
        // cursor's last payload byte (the click, 1) as a length and 122 as a type.
        var logout = PlayerLogout()
        logout.reason = String(repeating: "r", count: 120)
        let after = Self.frame(.playerLogout(logout))
        #expect(Frame.messageType(after[2]) == nil && Frame.messageType(after[0]) == nil)
        try channel.writeInbound(ByteBuffer(bytes: bad + after))
        #expect(try channel.readInbound(as: WireMessage.self) == nil, "nothing after the broken frame is passed on")
        #expect(throws: FrameError.self) { try channel.finish() }
    }

    @Test("a decoded frame whose payload is not its message is refused")
    func malformedPayload() throws {
        let channel = EmbeddedChannel(handler: LoadFrameDecoder.handler(decodesCursors: false, skipped: SkippedFrames()))
        // A PING whose payload is a truncated varint.
        #expect(throws: FrameError.self) {
            try channel.writeInbound(ByteBuffer(bytes: [2, 3, 0x08, 0xFF]))
        }
        _ = try? channel.finish()
    }

    @Test("a stream that ends inside a skipped frame is a truncated frame", arguments: [1, 2, 5])
    func truncatedAtEnd(kept: Int) throws {
        let channel = EmbeddedChannel(handler: LoadFrameDecoder.handler(decodesCursors: false, skipped: SkippedFrames()))
        let whole = Self.frame(Self.cursor("load1", 10, 20))
        try channel.writeInbound(ByteBuffer(bytes: whole + whole.prefix(kept)))
        let missing = kept < Frame.headerLength ? Frame.headerLength - kept : whole.count - kept
        #expect(throws: FrameError.truncatedFrame(missing: missing)) {
            _ = try channel.finish()
        }
    }
}
