import NIOCore
import NIOWebSocket

/// The bytes of a server's WebSocket frame (RFC 6455 §5.2): final, unmasked, with its
/// length in the shortest form. The web front writes them itself, so that the many text
/// frames of one game write go to the socket as one buffer.
enum WebSocketFraming {
    /// The longest header: two bytes and a 64-bit length.
    static let maximumHeaderLength = 10

    /// Appends one frame of `opcode` carrying `payload` to `buffer`.
    static func append(_ opcode: WebSocketOpcode, payload: ByteBuffer, to buffer: inout ByteBuffer) {
        buffer.reserveCapacity(minimumWritableBytes: maximumHeaderLength + payload.readableBytes)
        buffer.writeInteger(0x80 | UInt8(webSocketOpcode: opcode))
        let length = payload.readableBytes
        if length < 126 {
            buffer.writeInteger(UInt8(length))
        } else if length <= Int(UInt16.max) {
            buffer.writeInteger(UInt8(126))
            buffer.writeInteger(UInt16(length))
        } else {
            buffer.writeInteger(UInt8(127))
            buffer.writeInteger(UInt64(length))
        }
        buffer.writeImmutableBuffer(payload)
    }

    /// One frame of `opcode` carrying `payload`.
    static func frame(_ opcode: WebSocketOpcode, payload: ByteBuffer, allocator: ByteBufferAllocator) -> ByteBuffer {
        var buffer = allocator.buffer(capacity: maximumHeaderLength + payload.readableBytes)
        append(opcode, payload: payload, to: &buffer)
        return buffer
    }

    /// A close frame with `code` and at most 120 bytes of `reason`, cut at a character.
    static func close(_ code: WebSocketErrorCode, reason: String, allocator: ByteBufferAllocator) -> ByteBuffer {
        var payload = allocator.buffer(capacity: 2 + min(reason.utf8.count, 120))
        payload.write(webSocketErrorCode: code)
        var length = 0
        for character in reason {
            let size = character.utf8.count
            guard length + size <= 120 else { break }
            length += size
        }
        payload.writeString(String(reason.utf8.prefix(length))!)
        return frame(.connectionClose, payload: payload, allocator: allocator)
    }
}
