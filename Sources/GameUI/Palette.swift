import TerminalGrid

/// How each `TextStyle` looks at a terminal's colour depth, as a cell style: colours
/// when the terminal has them, bold / underline / reverse / dim when it has not (or
/// `NO_COLOR` is set). One palette for both backends: the SSH differ writes it as SGR,
/// curses as colour pairs and attributes.
public enum Palette {
    /// Green, yellow, red, cyan: the status pane's good, warning, error and titles.
    private static let good: UInt8 = 2
    private static let warning: UInt8 = 3
    private static let error: UInt8 = 1
    private static let title: UInt8 = 6

    /// How `style` looks on a terminal of `depth`.
    public static func style(for style: TextStyle, depth: ColorDepth) -> CellStyle {
        let colors = depth != .none
        switch style {
        case .normal:
            return .plain
        case .title:
            return CellStyle(foreground: colors ? title : nil, bold: true)
        case .good:
            return CellStyle(foreground: colors ? good : nil, bold: true)
        case .warning:
            return colors ? CellStyle(foreground: warning, bold: true) : CellStyle(underline: true)
        case .error:
            return colors ? CellStyle(foreground: error, bold: true) : CellStyle(reverse: true)
        case .dim:
            return CellStyle(dim: true)
        case .player(let slot):
            return player(slot, depth: depth, idle: false)
        case .idlePlayer(let slot):
            return player(slot, depth: depth, idle: true)
        case .own:
            return CellStyle(bold: true, reverse: true)
        case .object:
            return CellStyle(dim: true)
        case .heldObject(let slot):
            // Its holder's hue; without colours, the holder's attributes.
            return player(slot, depth: depth, idle: false)
        case .cursor:
            return CellStyle(reverse: true)
        }
    }

    /// Every foreground colour ``style(for:depth:)`` uses at `depth`, each once (curses
    /// makes a colour pair for each).
    public static func foregrounds(depth: ColorDepth) -> [UInt8] {
        let players: [UInt8]
        switch depth {
        case .none: return []
        case .eight: players = PlayerColors.basicHues
        case .twoFiftySix: players = PlayerColors.extendedHues
        }
        var seen = Set<UInt8>()
        return (players + [good, warning, error, title]).filter { seen.insert($0).inserted }
    }

    private static func player(_ slot: Int, depth: ColorDepth, idle: Bool) -> CellStyle {
        let slot = ((slot % PlayerColors.count) + PlayerColors.count) % PlayerColors.count
        switch depth {
        case .twoFiftySix:
            return CellStyle(foreground: PlayerColors.extendedHues[slot % PlayerColors.extendedHues.count], bold: !idle, dim: idle)
        case .eight:
            // Six hues: the second six slots are the same hues, plain instead of bold.
            let hues = PlayerColors.basicHues
            return CellStyle(foreground: hues[slot % hues.count], bold: !idle && slot < hues.count, dim: idle)
        case .none:
            // Monochrome: tell players apart by attribute as far as that goes.
            let (bold, underline) = [(true, false), (false, true), (true, true), (false, false)][slot % 4]
            return CellStyle(bold: bold && !idle, dim: idle, underline: underline)
        }
    }
}
