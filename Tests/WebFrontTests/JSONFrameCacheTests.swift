import Messages
import NIOCore
import Testing

@testable import WebFront

/// The web front's per-loop JSON of the frames its players are sent: each frame's JSON is
/// the message's own, and a fanned-out frame is encoded once however many receive it.
@Suite
struct JSONFrameCacheTests {
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

    @Test("a cursor frame sent to many players is encoded once; a ping, each time")
    func sharedOnce() throws {
        let cache = JSONFrameCache()
        let allocator = ByteBufferAllocator()
        var ping = Ping()
        ping.sentEpoch = 1_700_000_000_000_000
        for _ in 0..<64 {
            // Each receiver's copy is a slice of its own read.
            var read = ByteBuffer(bytes: [9, 9])
            read.writeImmutableBuffer(Self.frame(Self.cursor(400)))
            read.moveReaderIndex(forwardBy: 2)
            let json = try #require(try cache.json(for: read, allocator: allocator))
            #expect(String(buffer: json) == (try Self.cursor(400).jsonFrame()))
            let pingJSON = try #require(try cache.json(for: Self.frame(.ping(ping)), allocator: allocator))
            #expect(String(buffer: pingJSON) == (try WireMessage.ping(ping).jsonFrame()))
        }
        #expect(cache.hits == 63)
        #expect(cache.misses == 1 + 64)
    }

    @Test("older frames age out in generations; every answer stays the frame's own JSON")
    func generations() throws {
        let cache = JSONFrameCache()
        let allocator = ByteBufferAllocator()
        let count = Int32(2 * JSONFrameCache.generation + 10)
        for x in 0..<count {
            _ = try cache.json(for: Self.frame(Self.cursor(x)), allocator: allocator)
        }
        #expect(cache.misses == Int(count))
        // The last generation is still held; the first has gone.
        let last = try #require(try cache.json(for: Self.frame(Self.cursor(count - 1)), allocator: allocator))
        #expect(String(buffer: last) == (try Self.cursor(count - 1).jsonFrame()))
        #expect(cache.hits == 1)
        _ = try cache.json(for: Self.frame(Self.cursor(0)), allocator: allocator)
        #expect(cache.hits == 1)
    }

    @Test("an unknown type is skipped; a broken payload is an error")
    func badFrames() throws {
        let cache = JSONFrameCache()
        let allocator = ByteBufferAllocator()
        #expect(try cache.json(for: ByteBuffer(bytes: [1, 200, 0]), allocator: allocator) == nil)
        #expect(throws: (any Error).self) { try cache.json(for: ByteBuffer(bytes: [2, 5, 0xFF, 0xFF]), allocator: allocator) }
        #expect(throws: (any Error).self) { try cache.json(for: ByteBuffer(bytes: [0, 0]), allocator: allocator) }
    }
}
