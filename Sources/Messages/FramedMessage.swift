import SwiftProtobuf

/// A generated protobuf message that travels as one kind of frame.
///
/// Each message declares its frame type once, in the message table (`WireMessage.swift`);
/// encoding and decoding are generic over this protocol, so a new message needs no codec code.
public protocol FramedMessage: SwiftProtobuf.Message, Hashable, Sendable {
    /// The frame type byte this message travels under.
    static var frameType: MType { get }
    /// Who sends it.
    static var sender: MessageSender { get }
    /// This message as the ``WireMessage`` case that carries it.
    var wireMessage: WireMessage { get }
    /// A log-safe one-line rendering (a password is never shown).
    var logDescription: String { get }
    /// The largest message of this kind a peer may legally send: every field set, names
    /// of ``PlayerName/maximumBytes``, texts at their caps, the numbers that encode
    /// longest. A test asserts that it frames (at most 255 bytes of payload), so a kind
    /// that could outgrow a frame fails there, not in a game.
    static var worstCase: Self { get }
}

extension FramedMessage {
    /// The message's name and its fields in protobuf text format, on one line.
    public var logDescription: String {
        "\(Self.protoMessageName)(\(textFormatString().split(separator: "\n").joined(separator: ", ")))"
    }

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
