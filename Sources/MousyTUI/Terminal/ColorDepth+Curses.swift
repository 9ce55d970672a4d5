import TerminalGrid

extension ColorDepth {
    /// The depth for a curses terminal with `colors` colours and `pairs` colour pairs, of
    /// which the palette needs `pairsNeeded`, and the `NO_COLOR` convention
    /// (https://no-color.org: set and not empty means no colour).
    static func choose(noColor: String?, hasColors: Bool, colors: Int, pairs: Int, pairsNeeded: Int) -> ColorDepth {
        if let noColor, !noColor.isEmpty { return .none }
        guard hasColors, pairs > pairsNeeded else { return .none }
        if colors >= 256 { return .twoFiftySix }
        return colors >= 8 ? .eight : .none
    }
}
