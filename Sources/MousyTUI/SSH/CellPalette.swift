import GameUI
import TerminalGrid

/// Maps the `TextStyle`s of `GameScreen` to the cell styles the differ writes, as
/// `CursesPalette` maps them to curses attributes: colours when the session's terminal
/// has them, bold / underline / reverse when it has not (the differ drops the colours
/// at depth `.none`).
enum CellPalette {
    /// Red, green, yellow, blue, magenta, cyan: the players' colour slots, as in curses.
    private static let playerColors: [UInt8] = [1, 2, 3, 4, 5, 6]

    static func style(for style: TextStyle, colors: Bool) -> CellStyle {
        switch style {
        case .normal:
            return .plain
        case .title:
            return CellStyle(foreground: colors ? 6 : nil, bold: true)
        case .good:
            return CellStyle(foreground: colors ? 2 : nil, bold: true)
        case .warning:
            return colors ? CellStyle(foreground: 3, bold: true) : CellStyle(underline: true)
        case .error:
            return colors ? CellStyle(foreground: 1, bold: true) : CellStyle(reverse: true)
        case .dim:
            return CellStyle(dim: true)
        case .player(let slot):
            if colors {
                return CellStyle(foreground: playerColors[slot % playerColors.count], bold: true)
            }
            return [CellStyle(bold: true), CellStyle(underline: true), .plain][slot % 3]
        case .idlePlayer(let slot):
            if colors {
                return CellStyle(foreground: playerColors[slot % playerColors.count], dim: true)
            }
            return [CellStyle(dim: true), CellStyle(dim: true, underline: true), CellStyle(dim: true)][slot % 3]
        case .own:
            return CellStyle(bold: true, reverse: true)
        }
    }
}
