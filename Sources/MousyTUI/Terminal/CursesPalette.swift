import CNcurses

/// Maps `TextStyle`s to curses attributes: colour pairs when the terminal has colours,
/// bold / underline / reverse when it has not.
enum CursesPalette {
    /// Pairs 1...6: the players' colours; 7 good, 8 warning, 9 error, 10 title.
    static let pairCount = 10

    private static let playerColors: [Int16] = [
        Int16(COLOR_RED), Int16(COLOR_GREEN), Int16(COLOR_YELLOW),
        Int16(COLOR_BLUE), Int16(COLOR_MAGENTA), Int16(COLOR_CYAN),
    ]

    static func initialisePairs() {
        for (index, color) in playerColors.enumerated() {
            init_pair(Int16(index + 1), color, -1)
        }
        init_pair(7, Int16(COLOR_GREEN), -1)
        init_pair(8, Int16(COLOR_YELLOW), -1)
        init_pair(9, Int16(COLOR_RED), -1)
        init_pair(10, Int16(COLOR_CYAN), -1)
    }

    static func attributes(for style: TextStyle, colors: Bool) -> attr_t {
        switch style {
        case .normal:
            return mousy_a_normal()
        case .title:
            return colors ? mousy_color_pair(10) | mousy_a_bold() : mousy_a_bold()
        case .good:
            return colors ? mousy_color_pair(7) | mousy_a_bold() : mousy_a_bold()
        case .warning:
            return colors ? mousy_color_pair(8) | mousy_a_bold() : mousy_a_underline()
        case .error:
            return colors ? mousy_color_pair(9) | mousy_a_bold() : mousy_a_reverse()
        case .dim:
            return mousy_a_dim()
        case .player(let slot):
            if colors {
                return mousy_color_pair(Int16(slot % PlayerColors.count + 1)) | mousy_a_bold()
            }
            // Monochrome: tell players apart by attribute as far as that goes.
            return [mousy_a_bold(), mousy_a_underline(), mousy_a_normal()][slot % 3]
        case .own:
            return mousy_a_reverse() | mousy_a_bold()
        }
    }
}
