import CNcurses
import GameUI

/// Maps `TextStyle`s to curses attributes: colour pairs when the terminal has colours,
/// bold / underline / reverse when it has not.
enum CursesPalette {
    /// Pairs 1...12: the players' colours; 13 good, 14 warning, 15 error, 16 title.
    static let pairCount = 16

    /// Twelve hues, 30° apart, from the 256-colour cube: red, orange, yellow,
    /// chartreuse, green, spring green, cyan, azure, blue, violet, magenta, rose.
    static let extendedPlayerColors: [Int16] = [196, 208, 226, 118, 46, 48, 51, 39, 63, 129, 201, 205]

    private static let basicPlayerColors: [Int16] = [
        Int16(COLOR_RED), Int16(COLOR_GREEN), Int16(COLOR_YELLOW),
        Int16(COLOR_BLUE), Int16(COLOR_MAGENTA), Int16(COLOR_CYAN),
    ]

    static func initialisePairs(_ depth: ColorDepth) {
        for slot in 0..<PlayerColors.count {
            let color = depth == .extended
                ? extendedPlayerColors[slot % extendedPlayerColors.count]
                : basicPlayerColors[slot % basicPlayerColors.count]
            init_pair(Int16(slot + 1), color, -1)
        }
        init_pair(13, Int16(COLOR_GREEN), -1)
        init_pair(14, Int16(COLOR_YELLOW), -1)
        init_pair(15, Int16(COLOR_RED), -1)
        init_pair(16, Int16(COLOR_CYAN), -1)
    }

    static func attributes(for style: TextStyle, depth: ColorDepth) -> attr_t {
        let colors = depth != .none
        switch style {
        case .normal:
            return mousy_a_normal()
        case .title:
            return colors ? mousy_color_pair(16) | mousy_a_bold() : mousy_a_bold()
        case .good:
            return colors ? mousy_color_pair(13) | mousy_a_bold() : mousy_a_bold()
        case .warning:
            return colors ? mousy_color_pair(14) | mousy_a_bold() : mousy_a_underline()
        case .error:
            return colors ? mousy_color_pair(15) | mousy_a_bold() : mousy_a_reverse()
        case .dim:
            return mousy_a_dim()
        case .player(let slot):
            return player(slot, depth: depth, dim: false)
        case .idlePlayer(let slot):
            return player(slot, depth: depth, dim: true)
        case .own:
            return mousy_a_reverse() | mousy_a_bold()
        }
    }

    private static func player(_ slot: Int, depth: ColorDepth, dim: Bool) -> attr_t {
        let slot = ((slot % PlayerColors.count) + PlayerColors.count) % PlayerColors.count
        let pair = mousy_color_pair(Int16(slot + 1))
        let brightness = dim ? mousy_a_dim() : mousy_a_bold()
        switch depth {
        case .extended:
            return pair | brightness
        case .basic:
            // Six hues: the second six slots are the same hues, plain instead of bold.
            return pair | (dim ? mousy_a_dim() : slot < 6 ? mousy_a_bold() : mousy_a_normal())
        case .none:
            // Monochrome: tell players apart by attribute as far as that goes.
            let attributes = [mousy_a_bold(), mousy_a_underline(), mousy_a_bold() | mousy_a_underline(), mousy_a_normal()][slot % 4]
            return dim ? (attributes & ~mousy_a_bold()) | mousy_a_dim() : attributes
        }
    }
}
