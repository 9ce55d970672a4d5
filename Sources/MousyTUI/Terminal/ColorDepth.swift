/// How many colours the screen uses: decided once from the terminal's capabilities and
/// the `NO_COLOR` convention (https://no-color.org: set and not empty means no colour).
enum ColorDepth: Hashable, Sendable {
    /// Attributes only (bold, underline, dim, reverse).
    case none
    /// The 8 basic colours: the players get 6 hues, bold and plain.
    case basic
    /// The 256-colour palette: the players get 12 distinct hues.
    case extended

    /// The depth for a terminal with `colors` colours and `pairs` colour pairs, of which
    /// the palette needs `pairsNeeded`.
    static func choose(noColor: String?, hasColors: Bool, colors: Int, pairs: Int, pairsNeeded: Int) -> ColorDepth {
        if let noColor, !noColor.isEmpty { return .none }
        guard hasColors, pairs > pairsNeeded else { return .none }
        if colors >= 256 { return .extended }
        return colors >= 8 ? .basic : .none
    }
}
