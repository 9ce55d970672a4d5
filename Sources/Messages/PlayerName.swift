/// The rules for a player's name, shared by the server's login and the client's check of
/// `--user` before it connects (see PROTOCOL.md, "Player names"). They are Unicode's own
/// (UTS #39, through the system's ICU: ``UnicodeSecurity``), not tables of this project.
///
/// A name is 1 to ``maximumCharacters`` characters and at most ``maximumBytes`` bytes of
/// UTF-8, printable and visible, without a space at either end, at UTS #39's highly
/// restrictive level (one script, or Latin with Han and kana, Han with Hangul or with
/// Bopomofo), with its letters, marks and digits in UTS #39's General Security Profile.
/// Two names are the same player when they look alike (``skeletons(of:)``), so `victim`,
/// `VICTIM` and `ｖｉｃｔｉｍ` cannot play at once.
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
        switch UnicodeSecurity.problem(in: name) {
        case .mixedScripts?: return "username must not mix scripts"
        case .stackedMark?: return "username must not repeat a mark on one letter"
        case .mixedDigits?: return "username must not mix digits of different scripts"
        case .unavailable?: return "username cannot be checked (no Unicode data)"
        case nil: break
        }
        if hasOverlaidDot(UnicodeSecurity.nfkc(name)) {
            return "username must not put a dot above i or j"
        }
        // The profile is for identifiers: punctuation, symbols and emoji stay allowed.
        let compatible = UnicodeSecurity.nfkc(name)
        if compatible.unicodeScalars.contains(where: { isIdentifierPart($0) && !UnicodeSecurity.isRecommended($0) }) {
            return "username must use letters in common use (Unicode's identifier profile)"
        }
        return nil
    }

    /// The keys under which `name` is one player: UTS #39 skeletons, case-insensitive.
    /// Two names are the same player when their keys meet (``lookAlike(_:_:)``).
    ///
    /// Case and look-alikes do not commute (`I` looks like `l`, but its small form is
    /// `i`; Cyrillic `В` looks like `B`, but its small form `в` does not look like `b`),
    /// so there are two keys: the skeleton of the case-folded name (`VICTIM` as `victim`),
    /// and the skeleton of the name as written, case-folded after (`ВОВ` as `BOB`). Each
    /// is folded and skeletonised twice, which settles prototypes that are capitals.
    public static func skeletons(of name: String) -> Skeletons {
        let folded = settle(UnicodeSecurity.skeleton(UnicodeSecurity.nfkcCasefold(name)))
        let visible = String(String.UnicodeScalarView(UnicodeSecurity.nfkc(name).unicodeScalars.filter {
            !$0.properties.isDefaultIgnorableCodePoint
        }))
        let written = settle(withoutOverlaidDots(UnicodeSecurity.skeleton(visible)))
        return Skeletons(folded: folded, written: written)
    }

    /// True if `a` and `b` are one player: they share a key of ``skeletons(of:)``.
    public static func lookAlike(_ a: String, _ b: String) -> Bool {
        let x = skeletons(of: a)
        let y = skeletons(of: b)
        return x.folded == y.folded || x.folded == y.written || x.written == y.folded || x.written == y.written
    }

    /// A skeleton folded, skeletonised and stripped of overlaid dots.
    private static func settle(_ skeleton: String) -> String {
        withoutOverlaidDots(UnicodeSecurity.skeleton(UnicodeSecurity.nfkcCasefold(withoutOverlaidDots(skeleton))))
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

    /// Letters, marks and digits: what UTS #39's identifier profile speaks of.
    private static func isIdentifierPart(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
            .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber, .letterNumber, .otherNumber:
            true
        default:
            false
        }
    }

    /// A dot above on a letter that has one already (`i` + U+0307 draws as `i`), which
    /// UTS #39 section 5.4 suggests refusing.
    private static func hasOverlaidDot(_ text: String) -> Bool {
        var previous: Unicode.Scalar?
        for scalar in text.unicodeScalars {
            if scalar == "\u{307}", let previous, previous.properties.isSoftDotted { return true }
            previous = scalar
        }
        return false
    }

    /// `text` less each dot above that follows a soft-dotted letter (`i̇` is `i`).
    private static func withoutOverlaidDots(_ text: String) -> String {
        guard hasOverlaidDot(text) else { return text }
        var result = String.UnicodeScalarView()
        var previous: Unicode.Scalar?
        for scalar in text.unicodeScalars {
            if scalar == "\u{307}", let previous, previous.properties.isSoftDotted { continue }
            result.append(scalar)
            previous = scalar
        }
        return String(result)
    }
}
