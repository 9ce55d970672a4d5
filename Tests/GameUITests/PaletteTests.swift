import TerminalGrid
import Testing
@testable import GameUI

@Suite("Palette: one look for both backends")
struct PaletteTests {
    @Test("on 256 colours the twelve slots get twelve hues; on 8, six hues in bold and plain")
    func hues() {
        let extended = (0..<PlayerColors.count).map { Palette.style(for: .player($0), depth: .twoFiftySix) }
        #expect(Set(extended.map(\.foreground)).count == 12)
        #expect(extended.allSatisfy { $0.bold })
        let basic = (0..<PlayerColors.count).map { Palette.style(for: .player($0), depth: .eight) }
        #expect(Set(basic).count == 12)
        #expect(Set(basic.map(\.foreground)).count == 6)
        #expect(Palette.style(for: .idlePlayer(3), depth: .twoFiftySix) == CellStyle(foreground: PlayerColors.extendedHues[3], dim: true))
    }

    @Test("without colours (or with NO_COLOR) nothing has a colour; players differ by attributes")
    func monochrome() {
        let styles: [TextStyle] = [.normal, .title, .good, .warning, .error, .dim, .own] + (0..<12).flatMap { [.player($0), .idlePlayer($0)] }
        #expect(styles.allSatisfy { Palette.style(for: $0, depth: .none).foreground == nil })
        #expect(Set((0..<4).map { Palette.style(for: .player($0), depth: .none) }).count == 4)
        #expect((0..<12).allSatisfy { Palette.style(for: .idlePlayer($0), depth: .none).dim })
        #expect(Palette.foregrounds(depth: .none).isEmpty)
    }

    @Test("the foregrounds listed are every colour the palette uses, each once")
    func foregrounds() {
        let styles: [TextStyle] = [.normal, .title, .good, .warning, .error, .dim, .own] + (0..<12).flatMap { [.player($0), .idlePlayer($0)] }
        for depth in [ColorDepth.eight, .twoFiftySix] {
            let listed = Palette.foregrounds(depth: depth)
            #expect(Set(listed).count == listed.count)
            #expect(Set(styles.compactMap { Palette.style(for: $0, depth: depth).foreground }) == Set(listed))
        }
        #expect(Palette.foregrounds(depth: .twoFiftySix).count == 16)
    }

    @Test("the screen in the palette: the title bold, no colour without colours")
    func screen() {
        var state = GameState(username: "alice", serverAddress: "127.0.0.1:7777")
        state.loggedIn(welcome: nil, now: 0)
        let screen = GameScreen.paint(state, layout: Layout(columns: 100, rows: 30), now: 0)
        let monochrome = screen.mapStyles { Palette.style(for: $0, depth: .none) }
        #expect(monochrome.cells.allSatisfy { $0.style.foreground == nil })
        #expect(monochrome[2, 0].style.bold)
        #expect(screen.mapStyles { Palette.style(for: $0, depth: .twoFiftySix) }[2, 0].style.foreground != nil)
    }
}
