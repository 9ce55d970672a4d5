import TerminalGrid

/// How many terminal columns text takes, as `wcwidth` gives them in a UTF-8 locale
/// (``CharacterWidth``, whatever the process's own locale: in "C", every non-ASCII
/// character would count as unprintable). A wide (East Asian) character takes two
/// columns, a combining mark none. Both backends draw with these widths, so a name is
/// measured once, the same way, for curses and for SSH sessions.
public enum DisplayWidth {
    /// The columns `text` takes.
    public static func of(_ text: String) -> Int {
        var ascii = true
        for byte in text.utf8 where byte < 0x20 || byte >= 0x7F {
            ascii = false
            break
        }
        if ascii { return text.utf8.count }
        return text.reduce(0) { $0 + width($1) }
    }

    /// The longest start of `text` that fits in `columns`.
    public static func prefix(_ text: String, fitting columns: Int) -> String {
        guard columns > 0 else { return "" }
        var used = 0
        var result = ""
        for character in text {
            let w = width(character)
            if used + w > columns { break }
            used += w
            result.append(character)
        }
        return result
    }

    /// The longest end of `text` that fits in `columns`.
    public static func suffix(_ text: String, fitting columns: Int) -> String {
        guard columns > 0 else { return "" }
        var used = 0
        var result: [Character] = []
        for character in text.reversed() {
            let w = width(character)
            if used + w > columns { break }
            used += w
            result.append(character)
        }
        return String(result.reversed())
    }

    /// `text` padded with spaces (or cut) to exactly `columns` columns.
    public static func padded(_ text: String, to columns: Int) -> String {
        let cut = prefix(text, fitting: columns)
        return cut + String(repeating: " ", count: max(0, columns - of(cut)))
    }

    /// One character's width; an unprintable one is counted as one column (the
    /// sanitiser keeps them off the screen, and the grid draws them as `?`).
    private static func width(_ character: Character) -> Int {
        let w = CharacterWidth.of(character)
        return w == 0 && character.unicodeScalars.first.map({ $0.value < 0x20 || (0x7F..<0xA0).contains($0.value) }) == true ? 1 : w
    }
}
