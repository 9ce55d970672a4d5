import NIOCore
import SwiftProtobuf

/// The frame format: `[1 byte payload length N][1 byte message type][N bytes payload]`.
public enum Frame {
    /// Bytes before the payload: the length byte and the type byte.
    public static let headerLength = 2
    /// The longest payload one length byte can announce.
    public static let maximumPayloadLength = 255
    /// The longest whole frame.
    public static let maximumFrameLength = headerLength + maximumPayloadLength

    /// Appends `message` to `buffer` as one frame.
    ///
    /// Throws ``FrameError/payloadTooLarge(type:size:)`` and leaves `buffer` untouched
    /// when the payload exceeds 255 bytes: a frame is never truncated or wrapped. This is
    /// the one place that refuses an oversized frame.
    public static func encode<M: FramedMessage>(_ message: M, into buffer: inout ByteBuffer) throws(FrameError) {
        let payload = message.payloadBytes()
        guard payload.count <= maximumPayloadLength else {
            throw .payloadTooLarge(type: M.frameType, size: payload.count)
        }
        buffer.reserveCapacity(minimumWritableBytes: headerLength + payload.count)
        buffer.writeInteger(UInt8(payload.count))
        buffer.writeInteger(UInt8(M.frameType.rawValue))
        buffer.writeBytes(payload)
    }

    /// `message` as the bytes of one frame.
    public static func encode(_ message: WireMessage) throws(FrameError) -> [UInt8] {
        var buffer = ByteBufferAllocator().buffer(capacity: maximumFrameLength)
        try encode(message, into: &buffer)
        return buffer.readBytes(length: buffer.readableBytes)!
    }

    /// The message type a type byte names, or nil for UNKNOWN (0) and every byte the
    /// message table gives no message (``MType/framedMessage``).
    public static func messageType(_ byte: UInt8) -> MType? {
        let type = MType(rawValue: Int(byte)) ?? .UNRECOGNIZED(Int(byte))
        return type.framedMessage == nil ? nil : type
    }

    /// Parses one frame's payload as the message its type names.
    public static func decodePayload(type: MType, _ payload: RawSpan) throws(FrameError) -> WireMessage {
        guard let message = try type.decodeWireMessage(payload) else {
            throw .unknownType(UInt8(truncatingIfNeeded: type.rawValue))
        }
        return message
    }
}
