import Messages
import NIOCore

/// The kind and the message's place in a JSON frame of the form the server writes
/// (``Messages/WireMessage/jsonFrame()``): `{"kind":"KIND","msg":MESSAGE}`, exactly,
/// without spaces. Read from the bytes without parsing any JSON, so that a `mousy load
/// --web` player that only counts cursor frames counts them by their tag, as
/// ``LoadFrameDecoder`` counts binary frames by their type byte.
///
/// A frame in any other form (another key order, spaces) has no tag here: the caller
/// parses it in full.
struct JSONFrameTag: Equatable {
    /// The type the kind names; nil for a kind this build does not know (a newer server's).
    var type: MType?
    /// Where MESSAGE is in the frame, as offsets from its first readable byte.
    var message: Range<Int>

    private static let head = Array(#"{"kind":""#.utf8)
    private static let middle = Array(#"","msg":"#.utf8)
    /// The longest kind read as a tag: longer ones are left to the full parser.
    private static let longestKind = 64
    /// Every kind this build knows, as the bytes of its name.
    private static let kinds: [(name: [UInt8], type: MType)] = MType.framed.compactMap { type in
        type.kindName.map { (Array($0.utf8), type) }
    }

    /// The tag of `frame` (its readable bytes), or nil when it is not in the server's form.
    static func read(_ frame: ByteBuffer) -> JSONFrameTag? {
        frame.withUnsafeReadableBytes { bytes -> JSONFrameTag? in
            let count = bytes.count
            guard count > head.count + middle.count + 2, bytes.starts(with: head), bytes[count - 1] == UInt8(ascii: "}") else {
                return nil
            }
            let kindStart = head.count
            var kindEnd = kindStart
            while kindEnd < count, kindEnd - kindStart <= longestKind {
                let byte = bytes[kindEnd]
                if byte == UInt8(ascii: "\"") { break }
                // An escape or a control byte: not a plain name.
                if byte == UInt8(ascii: "\\") || byte < 0x20 { return nil }
                kindEnd += 1
            }
            guard kindEnd < count, bytes[kindEnd] == UInt8(ascii: "\""), kindEnd > kindStart else { return nil }
            let messageStart = kindEnd + middle.count
            guard messageStart < count - 2,
                  bytes[kindEnd..<messageStart].elementsEqual(middle),
                  bytes[messageStart] == UInt8(ascii: "{"), bytes[count - 2] == UInt8(ascii: "}")
            else { return nil }
            let name = UnsafeRawBufferPointer(rebasing: bytes[kindStart..<kindEnd])
            let type = kinds.first { $0.name.elementsEqual(name) }?.type
            return JSONFrameTag(type: type, message: messageStart..<(count - 1))
        }
    }
}
