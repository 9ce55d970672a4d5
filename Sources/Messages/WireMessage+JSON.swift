import Foundation
import SwiftProtobuf

// The browser's wire (`mousy serve --web-port`): one message per WebSocket text frame, as
// {"kind":"MouseMove","msg":{...}}, the message in protobuf's canonical JSON mapping.
// The kind is the generated message's own name, so the table in WireMessage.swift is the
// only list of kinds, as it is for binary frames.

extension WireMessage {
    private struct JSONOf: FramedMessageVisitor {
        func visit<M: FramedMessage>(_ message: M) throws(JSONFrameError) -> String {
            do {
                return "{\"kind\":\"\(M.protoMessageName)\",\"msg\":\(try message.jsonString())}"
            } catch {
                throw .malformedMessage(kind: M.protoMessageName, reason: "\(error)")
            }
        }
    }

    /// The kind a JSON frame names this message by: the generated message's name
    /// (`MouseMove` for MOUSE_EVENT).
    public var kindName: String { type.kindName ?? "" }

    /// The message as one JSON frame: `{"kind":KIND,"msg":MESSAGE}`, MESSAGE in protobuf's
    /// canonical JSON mapping (fields by their JSON names, defaults left out, 64-bit
    /// numbers and bytes as strings).
    public func jsonFrame() throws(JSONFrameError) -> String {
        var visitor = JSONOf()
        return try visit(&visitor)
    }

    /// Parses one JSON frame. Unknown fields in the message are ignored, as the binary
    /// decoder ignores them; a kind this build's table does not name is
    /// ``JSONFrameError/unknownKind(_:)`` (the caller skips it, as it skips an unknown type
    /// byte); anything else that is not a frame is an error.
    public init(jsonFrame text: String) throws(JSONFrameError) {
        guard text.utf8.count <= Self.maximumJSONFrameBytes else { throw .tooLarge(bytes: text.utf8.count) }
        let envelope: [String: Any]
        do {
            guard let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
                throw JSONFrameError.notAnEnvelope
            }
            envelope = object
        } catch {
            throw .notAnEnvelope
        }
        guard envelope.count == 2, let kind = envelope["kind"] as? String, let body = envelope["msg"],
            body is [String: Any]
        else { throw .notAnEnvelope }
        guard let type = MType.framed.first(where: { $0.kindName == kind }), let message = type.framedMessage else {
            throw .unknownKind(String(kind.prefix(64)))
        }
        do {
            let data = try JSONSerialization.data(withJSONObject: body)
            var options = JSONDecodingOptions()
            options.ignoreUnknownFields = true
            options.messageDepthLimit = 4
            self = try message.init(jsonUTF8Data: data, options: options).wireMessage
        } catch {
            throw .malformedMessage(kind: kind, reason: "\(error)")
        }
    }

    /// The longest JSON frame parsed: a frame's 255-byte payload, every byte escaped
    /// (`\u00XX`), and the envelope.
    public static let maximumJSONFrameBytes = 6 * Frame.maximumPayloadLength + 256
}

extension MType {
    /// The name a JSON frame gives a message of this type (its generated message's name,
    /// e.g. "MouseMove"); nil for the types that frame no message.
    public var kindName: String? {
        framedMessage.map { $0.protoMessageName }
    }
}
