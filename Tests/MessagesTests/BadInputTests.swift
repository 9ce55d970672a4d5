import Messages
import NIOCore
import NIOEmbedded
import Testing

@Suite("Frame decoder on bad input")
struct BadInputTests {
    private func firstError(_ bytes: [UInt8]) -> FrameError? {
        var decoder = FrameDecoder()
        do {
            try decoder.feed(bytes)
            while try decoder.next() != nil {}
            try decoder.finish()
            return nil
        } catch {
            return error
        }
    }

    @Test(
        "type bytes the message table names no message for are unknown",
        arguments: (0...255).filter { MType(rawValue: $0)?.framedMessage == nil }
    )
    func unknownType(type: Int) {
        #expect(firstError([0, UInt8(type)]) == .unknownType(UInt8(type)))
    }

    @Test("the type byte is refused before its payload arrives")
    func unknownTypeEarly() throws {
        var decoder = FrameDecoder()
        try decoder.feed([200, firstUnknownType])
        #expect(throws: FrameError.unknownType(firstUnknownType)) { try decoder.next() }
    }

    @Test("a payload that is not protobuf for its type")
    func malformedPayload() {
        // Field 1 as a varint whose continuation bit never ends.
        let error = firstError([3, 2, 0x08, 0xff, 0xff])
        guard case .malformedPayload(type: .mouseEvent, _) = error else {
            Issue.record("expected malformedPayload, got \(String(describing: error))")
            return
        }
        // A length-delimited field claiming more bytes than the payload holds.
        guard case .malformedPayload(type: .playerLogin, _) = firstError([3, 1, 0x0a, 0x09, 0x41]) else {
            Issue.record("expected malformedPayload for an overlong string")
            return
        }
        // A string that is not UTF-8.
        guard case .malformedPayload(type: .playerLogin, _) = firstError([4, 1, 0x0a, 0x02, 0xff, 0xfe]) else {
            Issue.record("expected malformedPayload for invalid UTF-8")
            return
        }
    }

    @Test("a length byte that promises more than ever arrives")
    func truncatedPayload() {
        #expect(firstError([10, 2, 0x08, 0x01]) == .truncatedFrame(missing: 8))
        #expect(firstError([0x12, 1]) == .truncatedFrame(missing: 18))
    }

    @Test("a stream that ends after one header byte")
    func truncatedHeader() {
        #expect(firstError([0x04, 0x02, 0x08, 0x01, 0x10, 0x01, 0x04]) == .truncatedFrame(missing: 1))
    }

    @Test("garbage bytes fail, and the decoder stays failed")
    func garbage() throws {
        var decoder = FrameDecoder()
        try decoder.feed(Array("GET / HTTP/1.1\r\n".utf8))
        #expect(throws: FrameError.unknownType(UInt8(ascii: "E"))) { try decoder.next() }
        #expect(throws: FrameError.unknownType(UInt8(ascii: "E"))) { try decoder.next() }
        #expect(throws: FrameError.unknownType(UInt8(ascii: "E"))) { try decoder.feed([4, 2, 8, 1, 16, 1]) }
    }

    @Test("feeding past the cap without taking frames out fails")
    func bufferCap() throws {
        var decoder = FrameDecoder(maximumBufferedBytes: 300)
        let frame = try Frame.encode(TestVectors.move(1, 1))
        try decoder.feed(Array(repeating: frame, count: 50).joined())
        #expect(throws: FrameError.bufferLimitExceeded(limit: 300)) {
            try decoder.feed(Array(repeating: frame, count: 1).joined())
        }
    }

    @Test("a connection closed mid-frame reaches the NIO pipeline as a typed error")
    func nioClosedMidFrame() throws {
        let channel = EmbeddedChannel(handler: MessageFrameDecoder.handler())
        try channel.writeInbound(ByteBuffer(bytes: [0x04, 0x02, 0x08, 0x01, 0x10, 0x01, 0x12, 0x01, 0x0a]))
        #expect(try channel.readInbound(as: WireMessage.self) == TestVectors.move(1, 1))
        #expect(throws: FrameError.truncatedFrame(missing: 17)) { try channel.finish() }
    }

    @Test("an unknown type reaches the NIO pipeline as a typed error")
    func nioUnknownType() throws {
        let channel = EmbeddedChannel(handler: MessageFrameDecoder.handler())
        #expect(throws: FrameError.unknownType(0)) {
            try channel.writeInbound(ByteBuffer(bytes: [0x00, 0x00]))
        }
        _ = try? channel.finish()
    }
}
