import Logging
import Messages
import NIOCore

/// Encodes the server's own frames. They always fit (usernames are capped and reasons
/// are ours), so a failure is a bug: logged, and the frame left out.
struct ServerFrames {
    let logger: Logger

    func append(_ message: WireMessage, to buffer: inout ByteBuffer) {
        do {
            try Frame.encode(message, into: &buffer)
        } catch {
            logger.error("Cannot encode \(message.type): \(error)")
        }
    }

    func encode(_ message: WireMessage, allocator: ByteBufferAllocator) -> ByteBuffer {
        var buffer = allocator.buffer(capacity: 32)
        append(message, to: &buffer)
        return buffer
    }
}
