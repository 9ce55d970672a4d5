import TerminalGrid
import Testing
@testable import MousyTUI

@Suite("curses colours")
struct CursesPaletteTests {
    @Test("colour depth: 256 colours, 8, or none; NO_COLOR wins")
    func colorDepth() {
        #expect(ColorDepth.choose(noColor: nil, hasColors: true, colors: 256, pairs: 256, pairsNeeded: 16) == .twoFiftySix)
        #expect(ColorDepth.choose(noColor: "", hasColors: true, colors: 256, pairs: 256, pairsNeeded: 16) == .twoFiftySix)
        #expect(ColorDepth.choose(noColor: "1", hasColors: true, colors: 256, pairs: 256, pairsNeeded: 16) == .none)
        #expect(ColorDepth.choose(noColor: nil, hasColors: true, colors: 8, pairs: 64, pairsNeeded: 16) == .eight)
        #expect(ColorDepth.choose(noColor: nil, hasColors: false, colors: 0, pairs: 0, pairsNeeded: 16) == .none)
        #expect(ColorDepth.choose(noColor: nil, hasColors: true, colors: 256, pairs: 16, pairsNeeded: CursesPalette.pairsNeeded) == .none)
    }
}
