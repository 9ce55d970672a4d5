import Messages
import Testing
@testable import GameUI

@Suite("PlayerInput: the chat line's keys")
struct ChatKeysTests {
    let layout = Layout(columns: 100, rows: 30)

    private func loggedIn() -> GameState {
        var state = GameState(username: "me", serverAddress: "a")
        state.loggedIn(welcome: nil, now: 1_000_000)
        return state
    }

    /// Feeds `keys` (a string of bytes and escape sequences) and returns the commands.
    private func type(_ keys: String, _ input: inout PlayerInput, _ state: inout GameState) -> [PlayerInput.Command] {
        input.handle(Array(keys.utf8), state: &state, layout: layout)
    }

    @Test("Enter opens the chat line (closing the help); Enter again sends it and closes it")
    func enterOpensAndSends() {
        for enter in ["\r", "\n"] {
            var input = PlayerInput()
            var state = loggedIn()
            state.showHelp = true
            #expect(type(enter, &input, &state).isEmpty)
            #expect(state.chatEditor?.text == "" && !state.showHelp)
            #expect(type("hi there" + enter, &input, &state) == [.chat("hi there")])
            #expect(state.chatEditor == nil)
        }
    }

    @Test("while it is open, the game's keys type: q, Q, ?, m and M are text")
    func gameKeysType() {
        var input = PlayerInput()
        var state = loggedIn()
        #expect(type("\rqQ?mM", &input, &state).isEmpty)
        #expect(state.chatEditor?.text == "qQ?mM")
        #expect(!state.showHelp && state.mouseCaptured)
    }

    @Test("Esc closes it unsent, once nothing follows the ESC; the help stays as it was")
    func escapeCancels() {
        var input = PlayerInput()
        var state = loggedIn()
        #expect(type("\rabc\u{1B}", &input, &state).isEmpty)
        #expect(state.chatEditor?.text == "abc" && input.hasLoneEscape)
        let escaped = input.escapeTimedOut(state: &state)
        #expect(escaped && state.chatEditor == nil)
        // The next Enter opens an empty line.
        #expect(type("\r", &input, &state).isEmpty)
        #expect(state.chatEditor?.text == "")
    }

    /// Left, Right, Home, End, Delete.
    @Test("Left, Right, Home, End and Delete in each form terminals send", arguments: [
        ["\u{1B}[D", "\u{1B}[C", "\u{1B}[H", "\u{1B}[F", "\u{1B}[3~"],  // xterm
        ["\u{1B}OD", "\u{1B}OC", "\u{1B}OH", "\u{1B}OF", "\u{1B}[3~"],  // application cursor mode
        ["\u{1B}[D", "\u{1B}[C", "\u{1B}[1~", "\u{1B}[4~", "\u{1B}[3~"],  // VT220, tmux, screen
        ["\u{1B}[D", "\u{1B}[C", "\u{1B}[7~", "\u{1B}[8~", "\u{1B}[3~"],  // rxvt
        ["\u{1B}[D", "\u{1B}[C", "\u{01}", "\u{05}", "\u{1B}[3~"],  // Ctrl-A, Ctrl-E
    ])
    func editingKeys(keys: [String]) {
        let (left, right, home, end, delete) = (keys[0], keys[1], keys[2], keys[3], keys[4])
        var input = PlayerInput()
        var state = loggedIn()
        _ = type("\rabcd" + left + left, &input, &state)
        #expect(state.chatEditor?.cursor == 2)
        _ = type(right, &input, &state)
        #expect(state.chatEditor?.cursor == 3)
        _ = type(home + "<" + end + ">", &input, &state)
        #expect(state.chatEditor?.text == "<abcd>")
        _ = type(home + delete + end, &input, &state)
        #expect(state.chatEditor?.text == "abcd>" && state.chatEditor?.cursor == 5)
    }

    @Test("Backspace (DEL or Ctrl-H) deletes before the cursor; Ctrl-U deletes to the start")
    func deletion() {
        var input = PlayerInput()
        var state = loggedIn()
        _ = type("\rhello world\u{7F}\u{08}", &input, &state)
        #expect(state.chatEditor?.text == "hello wor")
        _ = type("\u{1B}[D\u{1B}[D\u{1B}[D\u{15}", &input, &state)
        #expect(state.chatEditor?.text == "wor" && state.chatEditor?.cursor == 0)
    }

    @Test("UTF-8 typed a byte at a time, even split across reads, makes whole characters")
    func utf8() {
        var input = PlayerInput()
        var state = loggedIn()
        _ = type("\r", &input, &state)
        let bytes = Array("é漢🐭".utf8)
        for byte in bytes {
            _ = input.handle([byte], state: &state, layout: layout)
        }
        #expect(state.chatEditor?.text == "é漢🐭")
        // A stray continuation byte and a cut-off character type nothing.
        _ = input.handle([0x80, 0xE6, 0xBC, UInt8(ascii: "x")], state: &state, layout: layout)
        #expect(state.chatEditor?.text == "é漢🐭x")
    }

    @Test("other controls type nothing; Ctrl-C still quits")
    func controls() {
        var input = PlayerInput()
        var state = loggedIn()
        #expect(type("\ra\tb\u{02}\u{1B}[A", &input, &state).isEmpty)
        #expect(state.chatEditor?.text == "ab")
        #expect(type("\u{03}x", &input, &state) == [.quit])
    }

    @Test("a blank line sends nothing; the text is sent trimmed")
    func blank() {
        var input = PlayerInput()
        var state = loggedIn()
        #expect(type("\r   \r", &input, &state).isEmpty)
        #expect(state.chatEditor == nil)
        #expect(type("\r  two  words \r", &input, &state) == [.chat("two  words")])
    }

    @Test("typing stops at the protocol's limit")
    func limit() {
        var input = PlayerInput()
        var state = loggedIn()
        _ = type("\r" + String(repeating: "x", count: GameState.chatTextBytes + 10), &input, &state)
        #expect(state.chatEditor?.text.utf8.count == GameState.chatTextBytes)
        #expect(state.chatEditor?.isFull == true)
    }

    @Test("while not logged in, Enter keeps the line from the network and says so")
    func notConnected() {
        var input = PlayerInput()
        var state = GameState(username: "me", serverAddress: "a")
        #expect(type("\rhello\r", &input, &state).isEmpty)
        #expect(state.chatEditor == nil)
        #expect(state.chatLog == [ChatLine(notice: "not connected: line not sent")])
    }

    @Test("the mouse still moves the pointer while the line is open")
    func mouse() {
        var input = PlayerInput()
        var state = loggedIn()
        _ = type("\r", &input, &state)
        let point = WorldMapping(layout: layout, world: .original).point(of: PlayCell(x: 10, y: 5))
        #expect(type("\u{1B}[<35;12;7M", &input, &state) == [.move(point, left: false, right: false)])
        #expect(state.chatEditor?.text == "")
    }

    @Test("the field follows the cursor at the status pane's width")
    func scrollsWithLayout() {
        var input = PlayerInput()
        var state = loggedIn()
        _ = type("\r" + String(repeating: "y", count: 100), &input, &state)
        let field = ChatPane.fieldWidth(layout: layout)
        #expect(state.chatEditor?.scroll == 100 - (field - 1))
    }
}
