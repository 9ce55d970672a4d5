import Messages
import NIOCore
import NIOWebSocket

/// One event loop's WebSocket text frames (one message as JSON each) for the game frames
/// its browser players are sent, by the game frames' bytes. The server encodes a tick's
/// cursor frames once per loop and writes every receiver there a slice of them, most
/// receivers the same slice, so the translators of one loop would otherwise turn the same
/// bytes into the same JSON once per receiver. Shared by the ``WebSocketTranslator``s of
/// one loop only.
///
/// Two maps: one game frame to its text frame, and one whole write (several frames) to
/// its text frames end to end, which a receiver is then sent as one buffer. Frames that
/// differ per player (PING, LOGIN_RESULT) are encoded each time, and a write holding one
/// is not kept. Generations bound the memory: a frame is fanned out within one tick,
/// long before two generations have passed.
final class JSONFrameCache {
    /// Frames a generation holds.
    static let generation = 2048
    /// Writes a generation holds.
    static let writeGeneration = 256

    private var frames = GenerationMap(capacity: generation)
    private var writes = GenerationMap(capacity: writeGeneration)
    /// Frames answered from the cache, and frames encoded, since the loop started.
    private(set) var hits = 0
    private(set) var misses = 0
    /// Writes of several frames answered whole from the cache.
    private(set) var writeHits = 0

    init() {}

    /// One cache per event loop of `group`, made on its loop.
    static func perLoop(of group: any EventLoopGroup) async throws -> [ObjectIdentifier: NIOLoopBound<JSONFrameCache>] {
        var caches: [ObjectIdentifier: NIOLoopBound<JSONFrameCache>] = [:]
        for loop in group.makeIterator() {
            caches[ObjectIdentifier(loop)] = try await loop.submit { NIOLoopBound(JSONFrameCache(), eventLoop: loop) }.get()
        }
        return caches
    }

    /// The text frames for `write`, one or more whole game frames, end to end: one per
    /// message, none for a type this build does not know (skipped, as the binary decoder
    /// skips it). Throws for a broken frame.
    func textFrames(for write: ByteBuffer, allocator: ByteBufferAllocator) throws(FrameError) -> ByteBuffer {
        var rest = write
        guard let first = try Self.nextFrame(from: &rest) else { return ByteBuffer() }
        if rest.readableBytes == 0 {
            return try textFrame(for: first, allocator: allocator).text ?? ByteBuffer()
        }
        if let cached = writes[write] {
            writeHits += 1
            return cached
        }
        var out = allocator.buffer(capacity: write.readableBytes * 4)
        var frame: ByteBuffer? = first
        var shared = true
        while let next = frame {
            let (text, isShared) = try textFrame(for: next, allocator: allocator)
            if let text { out.writeImmutableBuffer(text) }
            shared = shared && isShared
            frame = try Self.nextFrame(from: &rest)
        }
        if shared { writes.insert(out, for: write, allocator: allocator) }
        return out
    }

    /// The text frame for one game frame (nil: a type this build does not know), and
    /// whether it is the same for every receiver.
    func textFrame(for frame: ByteBuffer, allocator: ByteBufferAllocator) throws(FrameError) -> (text: ByteBuffer?, shared: Bool) {
        guard let typeByte = frame.getInteger(at: frame.readerIndex + 1, as: UInt8.self) else {
            throw .truncatedFrame(missing: Frame.headerLength - frame.readableBytes)
        }
        // UNKNOWN (0) is a broken stream, as for the binary decoder; a type the table does
        // not name, a newer server's.
        guard let type = Frame.messageType(typeByte) else {
            if typeByte == 0 { throw .unknownType(0) }
            return (nil, true)
        }
        let shared = type != .pingEvent && type != .loginResult
        if shared, let text = frames[frame] {
            hits += 1
            return (text, true)
        }
        misses += 1
        let message = try Frame.decodePayload(type: type, frame.readableBytesSpan.extracting(Frame.headerLength...))
        let json: String
        do {
            json = try message.jsonFrame()
        } catch {
            throw .malformedPayload(type: type, reason: "cannot be written as JSON: \(error)")
        }
        let text = WebSocketFraming.frame(.text, payload: allocator.buffer(string: json), allocator: allocator)
        if shared { frames.insert(text, for: frame, allocator: allocator) }
        return (text, shared)
    }

    /// The next whole game frame at the front of `buffer`, nil at its end.
    private static func nextFrame(from buffer: inout ByteBuffer) throws(FrameError) -> ByteBuffer? {
        guard buffer.readableBytes > 0 else { return nil }
        guard buffer.readableBytes >= Frame.headerLength,
              let length = buffer.getInteger(at: buffer.readerIndex, as: UInt8.self),
              let frame = buffer.readSlice(length: Frame.headerLength + Int(length))
        else {
            let announced = buffer.readableBytes >= 1 ? Int(buffer.getInteger(at: buffer.readerIndex, as: UInt8.self)!) : 0
            throw .truncatedFrame(missing: Frame.headerLength + announced - buffer.readableBytes)
        }
        return frame
    }
}
