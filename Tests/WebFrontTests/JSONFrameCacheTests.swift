import Messages
import NIOCore
import Testing

@testable import WebFront

/// The web front's per-loop text frames for the frames its players are sent: each is the
/// message's own JSON in one final, unmasked WebSocket text frame, and a fanned-out frame
/// or write is encoded once however many receive it.
@Suite
struct JSONFrameCacheTests {
    private static let allocator = ByteBufferAllocator()

    private static func frame(_ message: WireMessage) -> ByteBuffer {
        ByteBuffer(bytes: try! Frame.encode(message))
    }

    private static func cursor(_ x: Int32) -> WireMessage {
        var cursor = PlayerCursor()
        cursor.username = "ann"
        cursor.x = x
        cursor.y = 300
        return .playerCursor(cursor)
    }

    /// The payloads of the text frames in `buffer`, which must hold nothing else.
    private static func texts(_ buffer: ByteBuffer) -> [String] {
        var buffer = buffer
        var texts: [String] = []
        while let (first, length) = buffer.readMultipleIntegers(as: (UInt8, UInt8).self) {
            #expect(first == 0x81)  // final, text
            var size = Int(length)
            if length == 126 { size = Int(buffer.readInteger(as: UInt16.self)!) }
            #expect(length != 127 && length & 0x80 == 0)  // short, unmasked
            texts.append(buffer.readString(length: size)!)
        }
        #expect(buffer.readableBytes == 0)
        return texts
    }

    /// `frames` end to end, as a slice of a larger buffer (the server's writes are slices
    /// of one tick's frames).
    private static func write(_ frames: [WireMessage]) -> ByteBuffer {
        var buffer = ByteBuffer(bytes: [9, 9])
        for message in frames { buffer.writeImmutableBuffer(frame(message)) }
        buffer.moveReaderIndex(forwardBy: 2)
        return buffer
    }

    @Test("a cursor frame sent to many players is encoded once; a ping, each time")
    func sharedOnce() throws {
        let cache = JSONFrameCache()
        var ping = Ping()
        ping.sentEpoch = 1_700_000_000_000_000
        for _ in 0..<64 {
            let text = try cache.textFrames(for: Self.write([Self.cursor(400)]), allocator: Self.allocator)
            #expect(Self.texts(text) == [try Self.cursor(400).jsonFrame()])
            let pingText = try cache.textFrames(for: Self.frame(.ping(ping)), allocator: Self.allocator)
            #expect(Self.texts(pingText) == [try WireMessage.ping(ping).jsonFrame()])
        }
        #expect(cache.hits == 63)
        #expect(cache.misses == 1 + 64)
    }

    @Test("a write of several frames is one buffer of text frames in order, kept whole unless it holds a ping")
    func wholeWrites() throws {
        let cache = JSONFrameCache()
        let messages = [Self.cursor(1), .playerLogout(.with { $0.username = "bob"; $0.reason = "quit" }), Self.cursor(2)]
        let expected = try messages.map { try $0.jsonFrame() }
        for _ in 0..<64 {
            #expect(Self.texts(try cache.textFrames(for: Self.write(messages), allocator: Self.allocator)) == expected)
        }
        #expect(cache.writeHits == 63)
        #expect(cache.misses == 3)
        // Another receiver's slice of the same frames reuses each frame's text.
        let pair = Array(messages.prefix(2))
        #expect(Self.texts(try cache.textFrames(for: Self.write(pair), allocator: Self.allocator)) == Array(expected.prefix(2)))
        #expect(cache.misses == 3)
        #expect(cache.hits == 2)
        // A write with a frame of one player's own is never kept whole.
        var ping = Ping()
        ping.sentEpoch = 7
        for _ in 0..<2 {
            _ = try cache.textFrames(for: Self.write([Self.cursor(1), .ping(ping)]), allocator: Self.allocator)
        }
        #expect(cache.writeHits == 63)
    }

    @Test("older frames age out in generations; every answer stays the frame's own JSON")
    func generations() throws {
        let cache = JSONFrameCache()
        let count = Int32(2 * JSONFrameCache.generation + 10)
        for x in 0..<count {
            _ = try cache.textFrames(for: Self.frame(Self.cursor(x)), allocator: Self.allocator)
        }
        #expect(cache.misses == Int(count))
        // The last generation is still held; the first has gone.
        let last = try cache.textFrames(for: Self.frame(Self.cursor(count - 1)), allocator: Self.allocator)
        #expect(Self.texts(last) == [try Self.cursor(count - 1).jsonFrame()])
        #expect(cache.hits == 1)
        _ = try cache.textFrames(for: Self.frame(Self.cursor(0)), allocator: Self.allocator)
        #expect(cache.hits == 1)
    }

    @Test("an unknown type is skipped; a broken payload or a cut frame is an error")
    func badFrames() throws {
        let cache = JSONFrameCache()
        #expect(try cache.textFrames(for: ByteBuffer(bytes: [1, 200, 0]), allocator: Self.allocator).readableBytes == 0)
        var known = Self.write([Self.cursor(5)])
        known.writeBytes([1, 200, 0])
        #expect(Self.texts(try cache.textFrames(for: known, allocator: Self.allocator)) == [try Self.cursor(5).jsonFrame()])
        #expect(throws: FrameError.self) { try cache.textFrames(for: ByteBuffer(bytes: [2, 5, 0xFF, 0xFF]), allocator: Self.allocator) }
        #expect(throws: FrameError.self) { try cache.textFrames(for: ByteBuffer(bytes: [0, 0]), allocator: Self.allocator) }
        var cut = Self.write([Self.cursor(6)])
        cut.writeBytes([5, 5, 1])
        #expect(throws: FrameError.truncatedFrame(missing: 4)) { try cache.textFrames(for: cut, allocator: Self.allocator) }
    }
}
