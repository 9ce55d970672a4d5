/// Makes a string that came from the network safe to show on a terminal or write to a
/// log, after OpenSSH's `strnvis(3)`: whatever a peer sends, the result moves no cursor,
/// starts no escape sequence, rings no bell and reorders no text.
///
/// - C0 controls, DEL and C1 controls are escaped visibly, C style where there is one
///   (`\n`, `\t`, `\r`), otherwise in octal for bytes (`\033`, `\177`) and as `\u{85}`
///   for the C1 range. A backslash stays as it is (unlike `strnvis`), so that sanitising
///   twice changes nothing: a client sanitises a reason for its screen and its log
///   handler sanitises the same text again.
/// - ESC ends the text: it is shown as `\033` and everything after it is dropped, since
///   what follows an ESC is an escape sequence's payload (a title, a clipboard, a colour).
/// - The bidirectional overrides, embeddings, isolates and marks (U+202A...U+202E,
///   U+2066...U+2069, U+200E, U+200F, U+061C), the line and paragraph separators
///   (U+2028, U+2029) and every default-ignorable character, which draws as nothing
///   (U+200B, U+200D, U+FEFF, U+2060, U+00AD, U+3164, the tag characters, variation
///   selectors, ...), are escaped as `\u{...}`.
/// - The result is at most `maximumBytes` of UTF-8; a longer one is cut at a whole escape
///   or character and ends in `…`.
public enum NetworkText {
    /// The default cap on a sanitised string, in UTF-8 bytes.
    public static let defaultMaximumBytes = 200

    /// `text` with everything a terminal would act on made visible, capped at
    /// `maximumBytes` UTF-8 bytes (at least 4, the `…` marker's 3 bytes and one more).
    public static func sanitized(_ text: String, maximumBytes: Int = defaultMaximumBytes) -> String {
        let cap = max(maximumBytes, 4)
        // Fast path: nothing to escape and short enough (the common case: a plain name).
        if text.utf8.count <= cap, text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) {
            return text
        }
        var output: [UInt8] = []
        output.reserveCapacity(min(text.utf8.count, cap) + 8)
        // Where the output may be cut to leave room for the `…` marker.
        let markerLength = 3
        var cutAt = 0
        for scalar in text.unicodeScalars {
            let stop = escape(scalar, into: &output)
            if output.count > cap {
                output.removeSubrange(cutAt...)
                output.append(contentsOf: [0xE2, 0x80, 0xA6])  // …
                break
            }
            if output.count <= cap - markerLength { cutAt = output.count }
            if stop { break }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// True if `scalar` would be escaped: a control, a bidi control, a separator or a
    /// default-ignorable (invisible) character. The first default-ignorable is U+00AD, so
    /// ASCII never pays for the property lookup.
    public static func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        return value < 0x20 || (0x7F...0x9F).contains(value) || isBidiControl(value) || value == 0x2028
            || value == 0x2029 || (value >= 0xAD && scalar.properties.isDefaultIgnorableCodePoint)
    }

    private static func isBidiControl(_ value: UInt32) -> Bool {
        (0x202A...0x202E).contains(value) || (0x2066...0x2069).contains(value) || value == 0x200E
            || value == 0x200F || value == 0x061C
    }

    /// Appends `scalar`, escaped if need be; returns true if the text ends here (ESC).
    private static func escape(_ scalar: Unicode.Scalar, into piece: inout [UInt8]) -> Bool {
        let value = scalar.value
        switch value {
        case 0x1B:
            appendOctal(UInt8(value), to: &piece)
            return true
        case 0x0A: piece.append(contentsOf: [0x5C, 0x6E])  // \n
        case 0x09: piece.append(contentsOf: [0x5C, 0x74])  // \t
        case 0x0D: piece.append(contentsOf: [0x5C, 0x72])  // \r
        case 0..<0x20, 0x7F:
            appendOctal(UInt8(value), to: &piece)
        default:
            if isForbidden(scalar) {
                piece.append(contentsOf: "\\u{\(String(value, radix: 16))}".utf8)
            } else {
                appendUTF8(value, to: &piece)
            }
        }
        return false
    }

    private static func appendUTF8(_ value: UInt32, to piece: inout [UInt8]) {
        switch value {
        case 0..<0x80:
            piece.append(UInt8(value))
        case 0x80..<0x800:
            piece.append(UInt8(0xC0 | (value >> 6)))
            piece.append(UInt8(0x80 | (value & 0x3F)))
        case 0x800..<0x10000:
            piece.append(UInt8(0xE0 | (value >> 12)))
            piece.append(UInt8(0x80 | ((value >> 6) & 0x3F)))
            piece.append(UInt8(0x80 | (value & 0x3F)))
        default:
            piece.append(UInt8(0xF0 | (value >> 18)))
            piece.append(UInt8(0x80 | ((value >> 12) & 0x3F)))
            piece.append(UInt8(0x80 | ((value >> 6) & 0x3F)))
            piece.append(UInt8(0x80 | (value & 0x3F)))
        }
    }

    private static func appendOctal(_ byte: UInt8, to piece: inout [UInt8]) {
        piece.append(0x5C)
        piece.append(0x30 + (byte >> 6))
        piece.append(0x30 + ((byte >> 3) & 7))
        piece.append(0x30 + (byte & 7))
    }
}
