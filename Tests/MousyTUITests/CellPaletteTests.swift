import GameUI
import TerminalGrid
import Testing
@testable import MousyTUI

@Suite("SSH cell styles")
struct CellPaletteTests {
    @Test("players get colours when the session has them, attributes only when it has not")
    func playerStyles() {
        let live = CellPalette.style(for: .player(2), colors: true)
        #expect(live.bold && live.foreground != nil)
        #expect(CellPalette.style(for: .idlePlayer(2), colors: true).dim)
        let layout = Layout(columns: 100, rows: 30)
        var state = GameState(username: "alice", serverAddress: "127.0.0.1:7777")
        state.loggedIn(welcome: nil, now: 0)
        let monochrome = GameScreen.paint(state, layout: layout, now: 0).mapStyles { CellPalette.style(for: $0, colors: false) }
        #expect(monochrome.cells.allSatisfy { $0.style.foreground == nil })
        #expect(monochrome[2, 0].style.bold)  // the title
    }
}
