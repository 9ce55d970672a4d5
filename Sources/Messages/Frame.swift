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
    /// when the payload exceeds 255 bytes: a frame is never truncated or wrapped.
    public static func encode(_ message: WireMessage, into buffer: inout ByteBuffer) throws(FrameError) {
        // A generic call per case, not `any Message`: boxing the message in an
        // existential would cost a heap allocation per frame.
        let payload: [UInt8] =
            switch message {
            case .playerLogin(let m): serialize(m)
            case .mouseMove(let m): serialize(m)
            case .ping(let m): serialize(m)
            case .loginResult(let m): serialize(m)
            case .playerCursor(let m): serialize(m)
            case .playerLogout(let m): serialize(m)
            }
        guard payload.count <= maximumPayloadLength else {
            throw .payloadTooLarge(type: message.type, size: payload.count)
        }
        buffer.reserveCapacity(minimumWritableBytes: headerLength + payload.count)
        buffer.writeInteger(UInt8(payload.count))
        buffer.writeInteger(UInt8(message.type.rawValue))
        buffer.writeBytes(payload)
    }

    private static func serialize<M: SwiftProtobuf.Message>(_ message: M) -> [UInt8] {
        do {
            return try message.serializedBytes()
        } catch {
            // proto3 messages have no required fields: serializing cannot fail.
            preconditionFailure("serializing \(M.protoMessageName) failed: \(error)")
        }
    }

    /// `message` as the bytes of one frame.
    public static func encode(_ message: WireMessage) throws(FrameError) -> [UInt8] {
        var buffer = ByteBufferAllocator().buffer(capacity: maximumFrameLength)
        try encode(message, into: &buffer)
        return buffer.readBytes(length: buffer.readableBytes)!
    }

    /// The message type a type byte names, or nil for UNKNOWN (0) and 7...255.
    public static func messageType(_ byte: UInt8) -> MType? {
        switch byte {
        case 1: .playerLogin
        case 2: .mouseEvent
        case 3: .pingEvent
        case 4: .loginResult
        case 5: .playerCursor
        case 6: .playerLogout
        default: nil
        }
    }

    /// Parses one frame's payload as the message its type names.
    public static func decodePayload(type: MType, _ payload: RawSpan) throws(FrameError) -> WireMessage {
        do {
            switch type {
            case .playerLogin: return .playerLogin(try PlayerLogin(serializedBytes: payload))
            case .mouseEvent: return .mouseMove(try MouseMove(serializedBytes: payload))
            case .pingEvent: return .ping(try Ping(serializedBytes: payload))
            case .loginResult: return .loginResult(try LoginResult(serializedBytes: payload))
            case .playerCursor: return .playerCursor(try PlayerCursor(serializedBytes: payload))
            case .playerLogout: return .playerLogout(try PlayerLogout(serializedBytes: payload))
            case .unknown, .UNRECOGNIZED: throw FrameError.unknownType(UInt8(truncatingIfNeeded: type.rawValue))
            }
        } catch let error as FrameError {
            throw error
        } catch {
            throw .malformedPayload(type: type, reason: String(describing: error))
        }
    }
}
