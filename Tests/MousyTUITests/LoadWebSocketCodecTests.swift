import Messages
import NIOCore
import NIOEmbedded
import NIOWebSocket
import Testing

@testable import Load

@Suite("mousy load --web's codec: the page's JSON frames, counted by their kind tag or decoded")
struct LoadWebSocketCodecTests {
    private static func cursor(_ name: String, _ x: Int32, _ y: Int32) -> WireMessage {
        var cursor = PlayerCursor()
        cursor.username = name
        cursor.x = x
        cursor.y = y
        cursor.leftClick = true
        return .playerCursor(cursor)
    }

    private static var ping: WireMessage {
        var ping = Ping()
        ping.sentEpoch = 1_700_000_000_000_000
        ping.rttUs = 1234
        return .ping(ping)
    }

    private static var box: WireMessage {
        var object = GameObject()
        object.id = 7
        object.x = 100
        return .gameObject(object)
    }

    private static func text(_ json: String) -> WebSocketFrame {
        WebSocketFrame(fin: true, opcode: .text, data: ByteBuffer(string: json))
    }

    private static func text(_ message: WireMessage) -> WebSocketFrame {
        text(try! message.jsonFrame())
    }

    private static func channel(decodesCursors: Bool, decodesObjects: Bool = false) throws -> (EmbeddedChannel, SkippedFrames) {
        let skipped = SkippedFrames()
        let codec = LoadWebSocketCodec(decodesCursors: decodesCursors, decodesObjects: decodesObjects, skipped: skipped)
        return (EmbeddedChannel(handler: codec), skipped)
    }

    @Test("the server's own form gives its kind and where the message is, without parsing")
    func tags() throws {
        let json = try Self.cursor("ann", 1, 2).jsonFrame()
        let tag = try #require(JSONFrameTag.read(ByteBuffer(string: json)))
        #expect(tag.type == .playerCursor)
        let bytes = Array(json.utf8)
        #expect(String(decoding: bytes[tag.message], as: UTF8.self) == #"{"username":"ann","x":1,"y":2,"leftClick":true}"#)
        #expect(JSONFrameTag.read(ByteBuffer(string: #"{"kind":"Shout","msg":{}}"#)) == JSONFrameTag(type: nil, message: 22..<24))
        for other in [
            #"{"msg":{},"kind":"Ping"}"#, #"{ "kind":"Ping","msg":{}}"#, #"{"kind":"Ping"}"#, #"{"kind":"Pi\ng","msg":{}}"#,
            #"{"kind":"","msg":{}}"#, #"{"kind":"Ping","msg":[]}"#, #"{"kind":"Ping","msg":{}"#, "",
        ] {
            #expect(JSONFrameTag.read(ByteBuffer(string: other)) == nil, "\(other)")
        }
    }

    @Test("an unsampled player counts cursor and box frames by their tag; what it acts on is decoded")
    func counts() throws {
        let (channel, skipped) = try Self.channel(decodesCursors: false)
        for message in [Self.cursor("ann", 1, 2), Self.box, Self.ping, Self.cursor("bob", 799, 599)] {
            try channel.writeInbound(Self.text(message))
        }
        try channel.writeInbound(Self.text(#"{"kind":"Shout","msg":{"loud":true}}"#))
        #expect(try channel.readInbound(as: WireMessage.self) == Self.ping)
        #expect(try channel.readInbound(as: WireMessage.self) == nil)
        #expect(skipped.take() == (frames: 4, cursors: 2, objects: 1))
        #expect(skipped.unknown == 1)
        #expect(try channel.finish().isClean)
    }

    @Test("a sampled player, or a dragger, decodes them; a frame in another form is parsed in full")
    func decodes() throws {
        let (channel, skipped) = try Self.channel(decodesCursors: true, decodesObjects: true)
        try channel.writeInbound(Self.text(Self.cursor("ロード", -5, 900)))
        try channel.writeInbound(Self.text(Self.box))
        try channel.writeInbound(Self.text(#"{ "msg": {"sentEpoch": "1700000000000000", "rttUs": 1234}, "kind": "Ping" }"#))
        #expect(try channel.readInbound(as: WireMessage.self) == Self.cursor("ロード", -5, 900))
        #expect(try channel.readInbound(as: WireMessage.self) == Self.box)
        #expect(try channel.readInbound(as: WireMessage.self) == Self.ping)
        #expect(skipped.take() == (frames: 0, cursors: 0, objects: 0))
        #expect(try channel.finish().isClean)
    }

    @Test("a frame that is not one message as JSON is an error", arguments: [
        WebSocketFrame(fin: true, opcode: .binary, data: ByteBuffer(bytes: [1, 2])),
        Self.text(#"{"kind":"Ping","msg":{"rttUs":"many"}}"#),
        Self.text("not json"),
    ])
    func malformed(frame: WebSocketFrame) throws {
        let (channel, _) = try Self.channel(decodesCursors: false)
        #expect(throws: (any Error).self) { try channel.writeInbound(frame) }
        _ = try? channel.finish()
    }

    @Test("the player's binary frames go out as masked text frames, one message each; the server's close frame is answered")
    func outbound() throws {
        let (channel, _) = try Self.channel(decodesCursors: false)
        var move = MouseMove()
        move.x = 400
        move.y = 300
        var frames = ByteBuffer()
        try Frame.encode(move, into: &frames)
        try Frame.encode(Self.ping, into: &frames)
        try channel.writeOutbound(frames)
        var sent: [WireMessage] = []
        while let frame = try channel.readOutbound(as: WebSocketFrame.self) {
            #expect(frame.opcode == .text && frame.fin && frame.maskKey != nil)
            // The encoder masks: the frame holds the plain text.
            sent.append(try WireMessage(jsonFrame: String(buffer: frame.data)))
        }
        #expect(sent == [.mouseMove(move), Self.ping])

        var goingAway = ByteBuffer()
        goingAway.write(webSocketErrorCode: .goingAway)
        try channel.writeInbound(WebSocketFrame(fin: true, opcode: .connectionClose, data: goingAway))
        let close = try #require(try channel.readOutbound(as: WebSocketFrame.self))
        #expect(close.opcode == .connectionClose && close.maskKey != nil)
        var code = close.data
        #expect(code.readWebSocketErrorCode() == .goingAway)
        #expect(!channel.isActive, "closed once the answer is written")
        _ = try? channel.finish()
    }
}
