import Messages
import NIOCore
import NIOEmbedded
import NIOTestUtils
import Testing

@Suite("Frame codec")
struct FrameCodecTests {
    @Test("every protocol test vector encodes to its bytes", arguments: TestVectors.all.map(\.name))
    func encodesVector(name: String) throws {
        let vector = TestVectors.all.first { $0.name == name }!
        #expect(try Frame.encode(vector.message).hex == vector.hex)
    }

    @Test("every protocol test vector decodes to its message", arguments: TestVectors.all.map(\.name))
    func decodesVector(name: String) throws {
        let vector = TestVectors.all.first { $0.name == name }!
        var decoder = FrameDecoder()
        try decoder.feed([UInt8](hex: vector.hex))
        #expect(try decoder.next() == vector.message)
        #expect(try decoder.next() == nil)
        try decoder.finish()
    }

    @Test("all vectors back to back, fed a byte at a time and all at once")
    func splitAndJoinedReads() throws {
        let stream = TestVectors.all.flatMap { [UInt8](hex: $0.hex) }
        let expected = TestVectors.all.map(\.message)

        var oneByOne = FrameDecoder()
        var got: [WireMessage] = []
        for byte in stream {
            try oneByOne.feed([byte])
            while let message = try oneByOne.next() { got.append(message) }
        }
        #expect(got == expected)
        #expect(oneByOne.bufferedBytes == 0)

        var allAtOnce = FrameDecoder()
        try allAtOnce.feed(stream)
        got = []
        while let message = try allAtOnce.next() { got.append(message) }
        #expect(got == expected)
    }

    @Test("the NIO decoder passes ByteToMessageDecoderVerifier on every vector")
    func verifier() throws {
        let allocator = ByteBufferAllocator()
        let pairs = TestVectors.all.map { vector in
            (allocator.buffer(bytes: [UInt8](hex: vector.hex)), [vector.message])
        }
        try ByteToMessageDecoderVerifier.verifyDecoder(inputOutputPairs: pairs) {
            MessageFrameDecoder()
        }
    }

    @Test("the NIO encoder writes the vectors' bytes")
    func nioEncoder() throws {
        let channel = EmbeddedChannel(handler: MessageFrameEncoder.handler())
        for vector in TestVectors.all {
            try channel.writeOutbound(vector.message)
            let frame = try #require(try channel.readOutbound(as: ByteBuffer.self))
            #expect(Array(frame.readableBytesView).hex == vector.hex)
        }
        #expect(try channel.finish().isClean)
    }

    @Test("a payload of 255 bytes is framed; 256 is refused, never truncated")
    func payloadLimit() throws {
        // Field 1, a 2-byte length varint, then the name: 3 + n payload bytes.
        let fits = TestVectors.login(String(repeating: "a", count: 252), "")
        let frame = try Frame.encode(fits)
        #expect(frame.count == 257)
        #expect(frame[0] == 255)
        var decoder = FrameDecoder()
        try decoder.feed(frame)
        #expect(try decoder.next() == fits)

        let tooLong = TestVectors.login(String(repeating: "a", count: 253), "")
        #expect(throws: FrameError.payloadTooLarge(type: .playerLogin, size: 256)) {
            try Frame.encode(tooLong)
        }
        var buffer = ByteBufferAllocator().buffer(capacity: 0)
        buffer.writeString("kept")
        #expect(throws: FrameError.payloadTooLarge(type: .playerLogin, size: 256)) {
            try Frame.encode(tooLong, into: &buffer)
        }
        #expect(buffer.readableBytes == 4, "a refused message leaves the buffer as it was")
    }

    @Test("an over-long message fails its own write through the NIO encoder; later writes go on")
    func nioEncoderRefuses() throws {
        let channel = EmbeddedChannel(handler: MessageFrameEncoder.handler())
        var logout = PlayerLogout()
        logout.reason = String(repeating: "x", count: 300)
        #expect(throws: FrameError.payloadTooLarge(type: .playerLogout, size: 303)) {
            try channel.writeOutbound(WireMessage.playerLogout(logout))
        }
        #expect(try channel.readOutbound(as: ByteBuffer.self) == nil, "nothing of it is written")
        for vector in TestVectors.all {
            try channel.writeOutbound(vector.message)
            let frame = try #require(try channel.readOutbound(as: ByteBuffer.self))
            #expect(Array(frame.readableBytesView).hex == vector.hex)
        }
        #expect(try channel.finish().isClean)
    }

    @Test("the extension messages round-trip too")
    func extensionMessages() throws {
        var result = LoginResult()
        result.ok = true
        result.reason = "welcome"
        result.pingIntervalMs = 1000
        result.playersOnline = 3
        var cursor = PlayerCursor()
        cursor.username = "player2"
        cursor.x = 12
        cursor.y = -3
        cursor.leftClick = true
        var logout = PlayerLogout()
        logout.username = "player2"
        logout.reason = "connection lost"
        var ping = Ping()
        ping.sentEpoch = 1
        ping.rttUs = 410
        for message in [WireMessage.loginResult(result), .playerCursor(cursor), .playerLogout(logout), .ping(ping)] {
            var decoder = FrameDecoder()
            try decoder.feed(try Frame.encode(message))
            #expect(try decoder.next() == message)
        }
    }

    @Test("a 9-byte Ping payload for a current epoch, as the original client logs")
    func pingLength() throws {
        let frame = try Frame.encode(TestVectors.ping(Epoch.nowMicros()))
        #expect(frame[0] == 9)
        #expect(frame[1] == 3)
    }

    @Test("a login's password never shows in its description")
    func passwordNotDescribed() {
        let text = String(describing: TestVectors.login("player1", "hunter2"))
        #expect(text.contains("player1"))
        #expect(!text.contains("hunter2"))
    }
}
