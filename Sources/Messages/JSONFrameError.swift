/// What can be wrong with a JSON frame of the browser's wire (``WireMessage/init(jsonFrame:)``).
public enum JSONFrameError: Error, Hashable, Sendable {
    /// Longer than ``WireMessage/maximumJSONFrameBytes``.
    case tooLarge(bytes: Int)
    /// Not a JSON object of exactly `kind` (a string) and `msg` (an object).
    case notAnEnvelope
    /// A kind this build's message table does not name.
    case unknownKind(String)
    /// `msg` is not a valid message of its kind in protobuf's JSON mapping.
    case malformedMessage(kind: String, reason: String)
}

extension JSONFrameError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .tooLarge(let bytes): "a JSON frame of \(bytes) bytes is too long"
        case .notAnEnvelope: "not a JSON object of a kind and a msg"
        case .unknownKind(let kind): "unknown kind \(kind.debugDescription)"
        case .malformedMessage(let kind, let reason): "msg is not a valid \(kind) (\(reason))"
        }
    }
}
