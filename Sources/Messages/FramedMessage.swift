import SwiftProtobuf

/// A generated protobuf message that travels as one kind of frame.
///
/// Each message declares its frame type once, in `MessageTable.swift`; encoding and
/// decoding are generic over this protocol, so a new message needs no codec code.
public protocol FramedMessage: SwiftProtobuf.Message, Hashable, Sendable {
    /// The frame type byte this message travels under.
    static var frameType: MType { get }
    /// This message as the ``WireMessage`` case that carries it.
    var wireMessage: WireMessage { get }
}

extension FramedMessage {
    /// Parses a payload as this message, wrapped as a ``WireMessage``.
    static func decodeWireMessage(_ payload: RawSpan) throws(FrameError) -> WireMessage {
        do {
            return try Self(serializedBytes: payload).wireMessage
        } catch {
            throw .malformedPayload(type: frameType, reason: String(describing: error))
        }
    }

    /// The payload bytes. proto3 messages have no required fields: serializing cannot fail.
    func payloadBytes() -> [UInt8] {
        do {
            return try serializedBytes()
        } catch {
            preconditionFailure("serializing \(Self.protoMessageName) failed: \(error)")
        }
    }
}
