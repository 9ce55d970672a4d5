import CNcurses
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How many terminal columns text takes: the C library's `wcwidth` per character
/// (through the CNcurses shim), read
/// in a UTF-8 locale whatever the process's own locale is (in "C", every non-ASCII
/// character would count as unprintable). A wide (East Asian) character takes two
/// columns, a combining mark none.
enum DisplayWidth {
    // A locale object is immutable once made; `uselocale` only sets it for this thread.
    nonisolated(unsafe) private static let utf8: locale_t? = newlocale(1 << LC_CTYPE, "C.UTF-8", nil)
        ?? newlocale(1 << LC_CTYPE, "en_US.UTF-8", nil)

    /// The columns `text` takes.
    static func of(_ text: String) -> Int {
        var ascii = true
        for byte in text.utf8 where byte < 0x20 || byte >= 0x7F {
            ascii = false
            break
        }
        if ascii { return text.utf8.count }
        return withUTF8 { text.unicodeScalars.reduce(0) { $0 + width($1) } }
    }

    /// The longest start of `text` that fits in `columns`.
    static func prefix(_ text: String, fitting columns: Int) -> String {
        guard columns > 0 else { return "" }
        return withUTF8 {
            var used = 0
            var result = ""
            for character in text {
                let w = character.unicodeScalars.reduce(0) { $0 + width($1) }
                if used + w > columns { break }
                used += w
                result.append(character)
            }
            return result
        }
    }

    /// The longest end of `text` that fits in `columns`.
    static func suffix(_ text: String, fitting columns: Int) -> String {
        guard columns > 0 else { return "" }
        return withUTF8 {
            var used = 0
            var result: [Character] = []
            for character in text.reversed() {
                let w = character.unicodeScalars.reduce(0) { $0 + width($1) }
                if used + w > columns { break }
                used += w
                result.append(character)
            }
            return String(result.reversed())
        }
    }

    /// `text` padded with spaces (or cut) to exactly `columns` columns.
    static func padded(_ text: String, to columns: Int) -> String {
        let cut = prefix(text, fitting: columns)
        return cut + String(repeating: " ", count: max(0, columns - of(cut)))
    }

    /// One character's width; an unprintable one is counted as one column (the
    /// sanitiser keeps them off the screen).
    private static func width(_ scalar: Unicode.Scalar) -> Int {
        if scalar.value >= 0x20, scalar.value < 0x7F { return 1 }
        let w = mousy_wcwidth(scalar.value)
        return w < 0 ? 1 : Int(w)
    }

    private static func withUTF8<T>(_ body: () -> T) -> T {
        guard let utf8 else { return body() }
        let previous = uselocale(utf8)
        defer { uselocale(previous) }
        return body()
    }
}
