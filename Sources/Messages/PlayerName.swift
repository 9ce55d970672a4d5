import Foundation

/// The rules for a player's name, shared by the server's login and the client's check of
/// `--user` before it connects (see PROTOCOL.md, "Player names").
///
/// A name is 1 to ``maximumCharacters`` characters and at most ``maximumBytes`` bytes of
/// UTF-8, printable, without a space at either end, and written in one script (Latin,
/// Greek, Cyrillic, ...; Latin may go with Han, Hiragana, Katakana, Hangul or Bopomofo
/// as in Japanese, Korean and Chinese writing). Two names are the same player when their
/// ``skeleton(of:)``s are equal, so `victim`, `VICTIM` and `v\u{456}ctim` (with a
/// Cyrillic і) cannot play at once.
public enum PlayerName {
    /// The most characters (grapheme clusters) in a name.
    public static let maximumCharacters = 32
    /// The most UTF-8 bytes in a name. With it, every frame that carries a name fits the
    /// protocol's 255-byte payload: PLAYER_CURSOR with any coordinates and both buttons
    /// takes at most 28 bytes besides the name, PLAYER_LOGOUT 5 besides the name and its
    /// reason, which leaves room for a reason of 186 bytes.
    public static let maximumBytes = 64
    /// The longest PLAYER_LOGOUT reason, in UTF-8 bytes, that still fits beside a name of
    /// ``maximumBytes``: a server must send none longer.
    public static let maximumLogoutReasonBytes = 186

    /// Why `name` cannot be used, as a phrase to follow "malformed login: " or a client's
    /// own sentence, or nil if it can.
    public static func problem(with name: String) -> String? {
        let count = name.count
        guard count >= 1, count <= maximumCharacters else {
            return "username must be 1 to \(maximumCharacters) characters"
        }
        guard name.utf8.count <= maximumBytes else {
            return "username must be at most \(maximumBytes) bytes of UTF-8"
        }
        guard name.unicodeScalars.allSatisfy(isPrintable) else {
            return "username must be printable characters"
        }
        if name.first == " " || name.last == " " {
            return "username must not start or end with a space"
        }
        if isMixedScript(name) {
            return "username must not mix scripts"
        }
        return nil
    }

    /// What `name` looks like, for telling look-alike names apart: NFKC-normalised,
    /// default-ignorable characters dropped, capitals and then small letters that look
    /// like Latin ones (Cyrillic, Greek, and Latin look-alikes such as `1` and `l`, after
    /// Unicode's confusables, UTS #39) mapped to them, and case-folded. Names with equal
    /// skeletons are one player.
    public static func skeleton(of name: String) -> String {
        let compatible = name.precomposedStringWithCompatibilityMapping.decomposedStringWithCompatibilityMapping
        var upperMapped = String.UnicodeScalarView()
        for scalar in compatible.unicodeScalars where !scalar.properties.isDefaultIgnorableCodePoint {
            upperMapped.append(Self.capitalLookAlikes[scalar] ?? scalar)
        }
        let folded = String(upperMapped).lowercased().decomposedStringWithCompatibilityMapping
        var mapped = ""
        mapped.unicodeScalars.reserveCapacity(folded.unicodeScalars.count)
        for scalar in folded.unicodeScalars where !scalar.properties.isDefaultIgnorableCodePoint {
            if let latin = Self.smallLookAlikes[scalar] {
                mapped.unicodeScalars.append(contentsOf: latin.unicodeScalars)
            } else {
                mapped.unicodeScalars.append(scalar)
            }
        }
        // "rn" reads as "m" in most fonts (UTS #39 maps it so).
        return mapped.replacingOccurrences(of: "rn", with: "m").precomposedStringWithCanonicalMapping
    }

    // MARK: - Characters

    private static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned, .lineSeparator, .paragraphSeparator:
            false
        case .spaceSeparator:
            scalar == " "
        default:
            // Default-ignorable letters (U+3164 HANGUL FILLER, ...) draw as nothing.
            !scalar.properties.isDefaultIgnorableCodePoint
        }
    }

    /// True if the letters of `name` come from scripts that are not written together.
    static func isMixedScript(_ name: String) -> Bool {
        var scripts: Set<Script> = []
        for scalar in name.unicodeScalars {
            if let script = Script(scalar) { scripts.insert(script) }
        }
        guard scripts.count > 1 else { return false }
        let east: [Set<Script>] = [
            [.latin, .han, .hiragana, .katakana],
            [.latin, .han, .hangul],
            [.latin, .han, .bopomofo],
        ]
        return !east.contains { scripts.isSubset(of: $0) }
    }

    /// The script of a letter, coarsely by ranges; nil for digits, punctuation, symbols
    /// and combining marks, which go with any script.
    enum Script: Hashable {
        case latin, greek, cyrillic, armenian, hebrew, arabic, han, hiragana, katakana, hangul, bopomofo
        /// Any other script, named by its 256-code-point block.
        case other(UInt32)

        init?(_ scalar: Unicode.Scalar) {
            switch scalar.properties.generalCategory {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter:
                break
            default:
                return nil
            }
            let v = scalar.value
            switch v {
            case 0x41...0x5A, 0x61...0x7A, 0xAA, 0xBA, 0xC0...0x24F, 0x250...0x2AF, 0x1D00...0x1D7F, 0x1E00...0x1EFF,
                0x2C60...0x2C7F, 0xA720...0xA7FF, 0xAB30...0xAB6F, 0xFF21...0xFF3A, 0xFF41...0xFF5A:
                self = .latin
            case 0x2B0...0x2FF:
                return nil  // spacing modifier letters: shared
            case 0x370...0x3FF, 0x1F00...0x1FFF:
                self = .greek
            case 0x400...0x52F, 0x1C80...0x1C8F, 0x2DE0...0x2DFF, 0xA640...0xA69F:
                self = .cyrillic
            case 0x530...0x58F:
                self = .armenian
            case 0x590...0x5FF:
                self = .hebrew
            case 0x600...0x6FF, 0x750...0x77F, 0x8A0...0x8FF:
                self = .arabic
            case 0x3040...0x309F:
                self = .hiragana
            case 0x30A0...0x30FF, 0x31F0...0x31FF, 0xFF66...0xFF9F:
                self = .katakana
            case 0x1100...0x11FF, 0x3130...0x318F, 0xA960...0xA97F, 0xAC00...0xD7FF, 0xFFA0...0xFFDC:
                self = .hangul
            case 0x3100...0x312F, 0x31A0...0x31BF:
                self = .bopomofo
            case 0x2E80...0x2FDF, 0x3005...0x3007, 0x3021...0x3029, 0x3038...0x303B, 0x3400...0x4DBF, 0x4E00...0x9FFF,
                0xF900...0xFAFF, 0x20000...0x3FFFF:
                self = .han
            default:
                self = .other(v >> 8)
            }
        }
    }

    // MARK: - Look-alikes (UTS #39 confusables, Latin/Cyrillic/Greek)

    /// Capitals that look like Latin capitals, mapped before case folding (Cyrillic В
    /// folds to в, which does not look like b, but В looks like B).
    private static let capitalLookAlikes: [Unicode.Scalar: Unicode.Scalar] = [
        // Cyrillic
        "\u{410}": "A", "\u{412}": "B", "\u{415}": "E", "\u{41A}": "K", "\u{41C}": "M", "\u{41D}": "H",
        "\u{41E}": "O", "\u{420}": "P", "\u{421}": "C", "\u{422}": "T", "\u{423}": "Y", "\u{425}": "X",
        "\u{405}": "S", "\u{406}": "I", "\u{408}": "J", "\u{4AE}": "Y", "\u{4C0}": "l", "\u{51A}": "Q",
        "\u{51C}": "W", "\u{4BA}": "H", "\u{417}": "3", "\u{427}": "4", "\u{411}": "6",
        // Greek
        "\u{391}": "A", "\u{392}": "B", "\u{395}": "E", "\u{396}": "Z", "\u{397}": "H", "\u{399}": "I",
        "\u{39A}": "K", "\u{39C}": "M", "\u{39D}": "N", "\u{39F}": "O", "\u{3A1}": "P", "\u{3A4}": "T",
        "\u{3A5}": "Y", "\u{3A7}": "X", "\u{3F9}": "C", "\u{37F}": "J",
    ]

    /// Small letters (and digits) that look like small Latin letters, mapped after case
    /// folding and canonical decomposition (so ё is е + diaeresis, then e + diaeresis).
    private static let smallLookAlikes: [Unicode.Scalar: String] = [
        // Cyrillic
        "\u{430}": "a", "\u{432}": "b", "\u{435}": "e", "\u{43A}": "k", "\u{43C}": "m", "\u{43D}": "h",
        "\u{43E}": "o", "\u{440}": "p", "\u{441}": "c", "\u{442}": "t", "\u{443}": "y", "\u{445}": "x",
        "\u{455}": "s", "\u{456}": "i", "\u{458}": "j", "\u{4BB}": "h", "\u{501}": "d", "\u{51B}": "q",
        "\u{51D}": "w", "\u{4CF}": "l", "\u{4AF}": "y", "\u{461}": "w", "\u{44C}": "b", "\u{433}": "r",
        "\u{437}": "3", "\u{447}": "4", "\u{431}": "6",
        // Greek
        "\u{3B1}": "a", "\u{3B2}": "b", "\u{3B5}": "e", "\u{3B6}": "z", "\u{3B7}": "n", "\u{3B9}": "i",
        "\u{3BA}": "k", "\u{3BC}": "u", "\u{3BD}": "v", "\u{3BF}": "o", "\u{3C1}": "p", "\u{3C4}": "t",
        "\u{3C5}": "u", "\u{3C7}": "x", "\u{3C9}": "w", "\u{3F2}": "c", "\u{3F3}": "j", "\u{3B3}": "y",
        "\u{3C2}": "c", "\u{3C3}": "o",
        // Latin
        "\u{131}": "i", "\u{237}": "j", "\u{269}": "i", "\u{261}": "g", "\u{251}": "a", "\u{1D0F}": "o",
        "\u{DF}": "ss", "1": "l", "|": "l", "0": "o", "\u{17F}": "f",
    ]
}
