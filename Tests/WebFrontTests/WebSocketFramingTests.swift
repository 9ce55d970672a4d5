import NIOCore
import NIOEmbedded
import NIOWebSocket
import Testing

@testable import WebFront

/// The server's own WebSocket frame bytes, read back by NIOWebSocket's decoder: every
/// length form, and a close frame's reason cut whole characters short of 123 bytes.
@Suite
struct WebSocketFramingTests {
    /// The frames NIOWebSocket's decoder reads from `bytes`, which must hold nothing else.
    private static func decode(_ bytes: ByteBuffer) throws -> [WebSocketFrame] {
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(WebSocketFrameDecoder(maxFrameSize: 1 << 20)))
        try channel.writeInbound(bytes)
        var frames: [WebSocketFrame] = []
        while let frame = try channel.readInbound(as: WebSocketFrame.self) { frames.append(frame) }
        #expect(try channel.finish().isClean)
        return frames
    }

    @Test("a payload of any length form is one final, unmasked frame of its bytes", arguments: [0, 125, 126, 65_535, 65_536])
    func lengths(length: Int) throws {
        let payload = ByteBuffer(repeating: 0x61, count: length)
        let bytes = WebSocketFraming.frame(.text, payload: payload, allocator: ByteBufferAllocator())
        let header = length < 126 ? 2 : length <= 65_535 ? 4 : 10
        #expect(bytes.readableBytes == header + length)
        let frames = try Self.decode(bytes)
        #expect(frames.count == 1)
        #expect(frames.first?.opcode == .text)
        #expect(frames.first?.fin == true)
        #expect(frames.first?.maskKey == nil)
        #expect(frames.first?.unmaskedData == payload)
    }

    @Test("frames appended to one buffer read back in order")
    func appended() throws {
        var buffer = ByteBuffer()
        WebSocketFraming.append(.text, payload: ByteBuffer(string: "one"), to: &buffer)
        WebSocketFraming.append(.pong, payload: ByteBuffer(string: "two"), to: &buffer)
        let frames = try Self.decode(buffer)
        #expect(frames.map(\.opcode) == [.text, .pong])
        #expect(frames.map { String(buffer: $0.unmaskedData) } == ["one", "two"])
    }

    @Test("a close frame carries its code and at most 120 bytes of reason, cut at a character")
    func closeReason() throws {
        // 119 bytes, then a two-byte character that would make 121: it is left out whole.
        let reason = String(repeating: "a", count: 119) + "é" + "tail"
        let frames = try Self.decode(WebSocketFraming.close(.policyViolation, reason: reason, allocator: ByteBufferAllocator()))
        #expect(frames.count == 1)
        var data = try #require(frames.first?.unmaskedData)
        #expect(frames.first?.opcode == .connectionClose)
        #expect(data.readWebSocketErrorCode() == .policyViolation)
        #expect(data.readString(length: data.readableBytes) == String(repeating: "a", count: 119))
    }
}
