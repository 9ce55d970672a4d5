import Messages
import NIOCore

/// One event loop's JSON text of the game frames its browser players are sent, by the
/// frame's bytes: the server encodes a cursor frame once per loop and writes it to every
/// receiver there, so the translators of one loop would otherwise turn the same bytes into
/// the same JSON once per receiver. Shared by the ``WebSocketTranslator``s of one loop only.
///
/// Frames that differ per player (PING, LOGIN_RESULT) are encoded each time. Two
/// generations of at most ``generation`` frames each bound the memory: a frame is
/// fanned out within one tick, long before two generations have passed.
final class JSONFrameCache {
    /// Frames a generation holds.
    static let generation = 2048

    private var current: [ByteBuffer: ByteBuffer] = [:]
    private var previous: [ByteBuffer: ByteBuffer] = [:]
    /// Frames answered from the cache, and frames encoded, since the loop started.
    private(set) var hits = 0
    private(set) var misses = 0

    init() {
        current.reserveCapacity(Self.generation)
    }

    /// One cache per event loop of `group`, made on its loop.
    static func perLoop(of group: any EventLoopGroup) async throws -> [ObjectIdentifier: NIOLoopBound<JSONFrameCache>] {
        var caches: [ObjectIdentifier: NIOLoopBound<JSONFrameCache>] = [:]
        for loop in group.makeIterator() {
            caches[ObjectIdentifier(loop)] = try await loop.submit { NIOLoopBound(JSONFrameCache(), eventLoop: loop) }.get()
        }
        return caches
    }

    /// The JSON text of `frame` (one whole binary frame), for a text frame to the page;
    /// nil for a type this build does not know (skipped, as the binary decoder skips it).
    func json(for frame: ByteBuffer, allocator: ByteBufferAllocator) throws -> ByteBuffer? {
        guard frame.readableBytes >= Frame.headerLength,
              let typeByte = frame.getInteger(at: frame.readerIndex + 1, as: UInt8.self)
        else { throw FrameError.truncatedFrame(missing: Frame.headerLength - frame.readableBytes) }
        // UNKNOWN (0) is a broken stream, as for the binary decoder; a type the table does
        // not name, a newer server's.
        guard let type = Frame.messageType(typeByte) else {
            if typeByte == 0 { throw FrameError.unknownType(0) }
            return nil
        }
        let shared = type != .pingEvent && type != .loginResult
        if shared, let json = current[frame] ?? previous[frame] {
            hits += 1
            return json
        }
        misses += 1
        let message = try Frame.decodePayload(type: type, frame.readableBytesSpan.extracting(Frame.headerLength...))
        let json = allocator.buffer(string: try message.jsonFrame())
        if shared {
            if current.count >= Self.generation {
                previous = current
                current = [:]
                current.reserveCapacity(Self.generation)
            }
            // A copy of the key: the frame is a slice of a whole read's buffer.
            var key = allocator.buffer(capacity: frame.readableBytes)
            key.writeImmutableBuffer(frame)
            current[key] = json
        }
        return json
    }
}
