import Messages
import NIOCore
import NIOEmbedded
import TestSupport
import Testing

/// A well-framed frame of a type this build does not know is a newer peer's: skipped and
/// counted, never a reason to close (PROTOCOL.md, "Evolving the protocol").
@Suite("Skipping unknown types")
struct SkipUnknownTypesTests {
    static let firstUnknown = UInt8(MType.framed.map(\.rawValue).max()! + 1)
    static let move = try! Frame.encode(.mouseMove(.with { $0.x = 5 }))

    @Test("every type byte the table does not name, but 0, is read past; the next frame decodes",
          arguments: (1...255).filter { MType(rawValue: $0)?.framedMessage == nil })
    func skips(type: Int) throws {
        var decoder = FrameDecoder(skipsUnknownTypes: true)
        try decoder.feed([3, UInt8(type), 0xFF, 0x00, 0x07] + Self.move)
        #expect(try decoder.next() == .mouseMove(.with { $0.x = 5 }))
        #expect(decoder.skipped.total == 1)
        #expect(decoder.skipped[UInt8(type)] == 1)
    }

    @Test("type 0 still fails, and a stream ending inside a skipped payload is truncated")
    func stillFails() throws {
        var zero = FrameDecoder(skipsUnknownTypes: true)
        try zero.feed([0, 0])
        #expect(throws: FrameError.unknownType(0)) { try zero.next() }
        var cut = FrameDecoder(skipsUnknownTypes: true)
        try cut.feed([200, Self.firstUnknown, 1, 2, 3])
        #expect(try cut.next() == nil)
        #expect(throws: FrameError.truncatedFrame(missing: 197)) { try cut.finish() }
    }

    @Test("a skipped frame split across reads, byte by byte; each type reported new once")
    func splitAndReported() throws {
        var decoder = FrameDecoder(skipsUnknownTypes: true)
        let bytes: [UInt8] = [4, Self.firstUnknown, 1, 2, 3, 4] + [0, 255] + [1, Self.firstUnknown, 9] + Self.move
        var decoded: [WireMessage] = []
        for byte in bytes {
            try decoder.feed([byte])
            while let message = try decoder.next() { decoded.append(message) }
        }
        #expect(decoder.bufferedBytes == 0)
        #expect(decoded == [.mouseMove(.with { $0.x = 5 })])
        #expect(decoder.skipped.total == 3)
        #expect(decoder.takeNewlySkippedTypes() == [Self.firstUnknown, 255])
        #expect(decoder.takeNewlySkippedTypes() == [])
    }

    @Test("the NIO decoder skips, counts and logs each unknown type once")
    func nio() throws {
        let (logger, lines) = RecordingLogHandler.logger(level: .info)
        let channel = EmbeddedChannel(handler: MessageFrameDecoder.handler(logger: logger))
        let unknown: [UInt8] = [1, Self.firstUnknown, 0]
        try channel.writeInbound(ByteBuffer(bytes: unknown + unknown + Self.move + unknown))
        #expect(try channel.readInbound(as: WireMessage.self) == .mouseMove(.with { $0.x = 5 }))
        #expect(try channel.readInbound(as: WireMessage.self) == nil)
        #expect(lines.count(containing: "unknown type \(Self.firstUnknown)") == 1)
        #expect(try channel.finish().isClean)
    }
}
