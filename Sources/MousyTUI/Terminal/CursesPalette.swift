import CNcurses
import GameUI
import TerminalGrid

/// Draws the palette's cell styles (`Palette`) with curses: a colour pair for each
/// foreground colour the palette uses at the terminal's depth, and the attributes.
struct CursesPalette {
    /// The most colour pairs the palette needs, at any depth.
    static let pairsNeeded = Palette.foregrounds(depth: .twoFiftySix).count

    private var pairs: [UInt8: Int16] = [:]

    /// No colours: attributes only.
    init() {}

    /// Makes the colour pairs for `depth` (curses must have started, with colours).
    init(depth: ColorDepth) {
        for (index, color) in Palette.foregrounds(depth: depth).enumerated() {
            let pair = Int16(index + 1)
            init_pair(pair, Int16(color), -1)
            pairs[color] = pair
        }
    }

    func attributes(for style: CellStyle) -> attr_t {
        var attributes = mousy_a_normal()
        if let color = style.foreground, let pair = pairs[color] { attributes |= mousy_color_pair(pair) }
        if style.bold { attributes |= mousy_a_bold() }
        if style.dim { attributes |= mousy_a_dim() }
        if style.underline { attributes |= mousy_a_underline() }
        if style.reverse { attributes |= mousy_a_reverse() }
        return attributes
    }
}
