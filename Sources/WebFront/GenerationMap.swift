import NIOCore

/// A map from bytes to bytes that forgets in generations: once the current generation
/// holds `capacity` entries it becomes the previous one, and the one before is dropped.
/// A lookup sees both, so an entry lives for at least `capacity` insertions after it.
struct GenerationMap {
    let capacity: Int
    private var current: [ByteBuffer: ByteBuffer] = [:]
    private var previous: [ByteBuffer: ByteBuffer] = [:]

    init(capacity: Int) {
        self.capacity = capacity
        current.reserveCapacity(capacity)
    }

    subscript(key: ByteBuffer) -> ByteBuffer? {
        current[key] ?? previous[key]
    }

    /// Stores `value` under a copy of `key` (which may be a slice of a larger buffer that
    /// the map should not hold on to).
    mutating func insert(_ value: ByteBuffer, for key: ByteBuffer, allocator: ByteBufferAllocator) {
        if current.count >= capacity {
            previous = current
            current = [:]
            current.reserveCapacity(capacity)
        }
        var copy = allocator.buffer(capacity: key.readableBytes)
        copy.writeImmutableBuffer(key)
        current[copy] = value
    }
}
