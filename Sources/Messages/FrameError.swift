/// Everything that can be wrong with a frame, on the way out or on the way in.
public enum FrameError: Error, Hashable, Sendable {
    /// Encoding: the message's payload is longer than the one length byte can say.
    case payloadTooLarge(type: MType, size: Int)
    /// Decoding: a type byte of 0 (UNKNOWN) or 7...255.
    case unknownType(UInt8)
    /// Decoding: the payload is not a valid protobuf encoding of its type's message.
    case malformedPayload(type: MType, reason: String)
    /// Decoding: the stream ended inside a frame; `missing` bytes never came.
    case truncatedFrame(missing: Int)
    /// Decoding: more bytes were buffered than the decoder's cap allows.
    case bufferLimitExceeded(limit: Int)
}

extension FrameError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .payloadTooLarge(let type, let size):
            "a \(type) payload of \(size) bytes does not fit a frame (at most \(Frame.maximumPayloadLength))"
        case .unknownType(let byte):
            "unknown message type \(byte)"
        case .malformedPayload(let type, let reason):
            "payload is not a valid \(type) message (\(reason))"
        case .truncatedFrame(let missing):
            "stream ended mid-frame, \(missing) byte\(missing == 1 ? "" : "s") short"
        case .bufferLimitExceeded(let limit):
            "more than \(limit) bytes buffered without a whole frame"
        }
    }
}
