/// How many colours the terminal at the other end shows, from its `TERM` (and
/// `NO_COLOR`): the differ writes colours for that depth, or none.
public enum ColorDepth: Hashable, Sendable {
    /// No colour: attributes only (`TERM=dumb`-like terminals, or `NO_COLOR` set).
    case none
    /// The eight basic colours (SGR 30-37).
    case eight
    /// The 256-colour palette (SGR 38;5;n).
    case twoFiftySix

    /// The depth for a `TERM` value and whether `NO_COLOR` was set (to anything non-empty).
    public init(term: String?, noColor: Bool) {
        guard !noColor, let term, !term.isEmpty, term != "dumb" else {
            self = .none
            return
        }
        if term.contains("256color") || term.contains("truecolor") || term.contains("direct") {
            self = .twoFiftySix
        } else if term == "vt100" || term == "vt102" || term == "vt220" || term.hasPrefix("vt52") {
            self = .none
        } else {
            self = .eight
        }
    }

    /// The SGR parameter that selects palette colour `index` at this depth, or nil
    /// for the default colour (also for every colour at depth `.none`).
    func foregroundParameter(_ index: UInt8?) -> String? {
        guard let index else { return nil }
        switch self {
        case .none:
            return nil
        case .eight:
            return "\(30 + Int(Self.basic(index)))"
        case .twoFiftySix:
            if index < 8 { return "\(30 + Int(index))" }
            if index < 16 { return "\(90 + Int(index) - 8)" }
            return "38;5;\(index)"
        }
    }

    /// The nearest of the eight basic colours to palette colour `index`.
    static func basic(_ index: UInt8) -> UInt8 {
        if index < 8 { return index }
        if index < 16 { return index - 8 }
        if index >= 232 {
            // Greys: dark ones black, light ones white.
            return index < 244 ? 0 : 7
        }
        // The 6x6x6 cube: each component 0...5; a component counts when it is at least half on.
        let cube = Int(index) - 16
        let red = cube / 36, green = (cube / 6) % 6, blue = cube % 6
        let bits = (red >= 3 ? 1 : 0) | (green >= 3 ? 2 : 0) | (blue >= 3 ? 4 : 0)
        return UInt8(bits)
    }
}
