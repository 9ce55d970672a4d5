import Testing
@testable import GameUI

@Suite("PlayerInput: one update for keys and mouse")
struct PlayerInputTests {
    let layout = Layout(columns: 100, rows: 30)  // play cell (x, y) is screen (x + 1, y + 1)

    /// An SGR report: `code` 0 press left, 2 press right, 35 motion, 32 drag left; `final` M or m (release).
    private func sgr(_ code: Int, x: Int, y: Int, final: String = "M") -> String {
        "\u{1B}[<\(code);\(x + 2);\(y + 2)\(final)"
    }

    private func point(_ x: Int32, _ y: Int32) -> WorldPoint {
        WorldMapping(layout: layout, world: .original).point(of: PlayCell(x: x, y: y))
    }

    @Test("q, Q and Ctrl-C quit, and nothing after them is taken")
    func quit() {
        for key in ["q", "Q", "\u{03}"] {
            var input = PlayerInput()
            var state = GameState(username: "me", serverAddress: "a")
            #expect(input.handle(Array((key + "?").utf8), state: &state, layout: layout) == [.quit])
            #expect(!state.showHelp)
        }
    }

    @Test("? toggles the help, a lone Esc closes it once nothing follows")
    func help() {
        var input = PlayerInput()
        var state = GameState(username: "me", serverAddress: "a")
        #expect(input.handle(Array("?".utf8), state: &state, layout: layout).isEmpty)
        #expect(state.showHelp)
        #expect(input.handle([0x1B], state: &state, layout: layout).isEmpty)
        #expect(input.hasLoneEscape && state.showHelp)
        let closed = input.escapeTimedOut(state: &state)
        #expect(closed)
        #expect(!state.showHelp && !input.hasLoneEscape)
        let again = input.escapeTimedOut(state: &state)
        #expect(!again)
    }

    @Test("motion in the play area moves the pointer, sent as a world point; within a cell, nothing")
    func motion() {
        var input = PlayerInput()
        var state = GameState(username: "me", serverAddress: "a")
        #expect(input.handle(Array(sgr(35, x: 10, y: 5).utf8), state: &state, layout: layout) == [.move(point(10, 5), left: false, right: false)])
        #expect(state.ownPointer == PointerUpdate(cell: PlayCell(x: 10, y: 5), left: false, right: false))
        #expect(input.handle(Array(sgr(35, x: 10, y: 5).utf8), state: &state, layout: layout).isEmpty)
        #expect(input.lastMove(state: state, layout: layout) == .move(point(10, 5), left: false, right: false))
    }

    @Test("m turns capture off, letting go of a held button, and on again; reports are ignored while off")
    func mouseToggle() {
        var input = PlayerInput()
        var state = GameState(username: "me", serverAddress: "a")
        #expect(input.handle(Array(sgr(0, x: 3, y: 4).utf8), state: &state, layout: layout) == [.move(point(3, 4), left: true, right: false)])
        #expect(input.handle(Array("m".utf8), state: &state, layout: layout) == [
            .captureMouse(false), .move(point(3, 4), left: false, right: false),
        ])
        #expect(!state.mouseCaptured)
        #expect(input.handle(Array(sgr(35, x: 20, y: 4).utf8), state: &state, layout: layout).isEmpty)
        #expect(input.lastMove(state: state, layout: layout) == nil)
        #expect(input.handle(Array("M".utf8), state: &state, layout: layout) == [.captureMouse(true)])
        #expect(state.mouseCaptured)
    }
}
