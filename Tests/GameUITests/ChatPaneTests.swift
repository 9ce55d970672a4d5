import Messages
import TerminalGrid
import Testing
@testable import GameUI

@Suite("ChatPane: the chat lines and the editor in the status pane")
struct ChatPaneTests {
    private func state() -> GameState {
        var state = GameState(username: "alice", serverAddress: "127.0.0.1:7777")
        state.loggedIn(welcome: nil, now: 1_000_000)
        var cursor = PlayerCursor()
        cursor.username = "bob"
        cursor.x = 10
        cursor.y = 10
        state.cursor(cursor, now: 1_000_000)
        return state
    }

    private func text(_ row: [StyledLine]) -> String {
        row.map(\.text).joined()
    }

    @Test("a message shows its sender's name in the colour of the sender's cursor; one's own in one's own style")
    func colours() {
        var state = state()
        state.chat(from: "bob", text: "hi")
        state.chat(from: "alice", text: "hello")
        state.chat(from: "carol", text: "yo")  // not on this screen: the colour her name prefers
        let rows = ChatPane.rows(for: state, width: 30, height: 20)
        #expect(rows.map(text) == ["bob: hi", "alice: hello", "carol: yo"])
        #expect(rows[0][0] == StyledLine("bob", .player(state.players["bob"]!.colorSlot)))
        #expect(rows[0][1] == StyledLine(": hi"))
        #expect(rows[1][0] == StyledLine("alice", .own))
        #expect(rows[2][0] == StyledLine("carol", .player(PlayerColors.slot(for: "carol"))))
    }

    @Test("names and texts are sanitised: an escape sequence or a bidi override reaches no terminal")
    func sanitised() {
        var state = state()
        state.chat(from: "bob\u{1B}]0;owned\u{07}", text: "a\u{1B}[2Jb\u{202E}c\r\n")
        let row = text(ChatPane.rows(for: state, width: 80, height: 20)[0])
        #expect(!row.unicodeScalars.contains { $0.value < 0x20 || $0 == "\u{202E}" })
        #expect(row == "bob\\033: a\\033")
    }

    @Test("a CHAT from the server is a player's line, or with no sender a notice; mousy watch prints each, sanitised")
    func received() {
        var state = state()
        state.received(.chat(.with { $0.sender = "bob"; $0.text = "hi" }), now: 2_000_000)
        state.received(.chat(.with { $0.text = "You are sending chat lines too fast: some were not sent." }), now: 2_000_000)
        #expect(state.chatLog == [
            ChatLine(name: "bob", nameStyle: .player(state.players["bob"]!.colorSlot), text: "hi"),
            ChatLine(notice: "You are sending chat lines too fast: some were not sent."),
        ])
        #expect(GameState.line(for: .chat(.with { $0.sender = "bob"; $0.text = "hi 漢字" })) == "chat bob: hi 漢字")
        #expect(GameState.line(for: .chat(.with { $0.sender = "bob\u{1B}[31m"; $0.text = "a\u{07}b\u{202E}" })) == "chat bob\\033: a\\007b\\u{202e}")
        #expect(GameState.line(for: .chat(.with { $0.text = "not sent" })) == "notice: not sent")
        #expect(GameState.chatTextBytes == Chat.maximumTextBytes)
    }

    @Test("a notice is a warning without a name")
    func notice() {
        var state = state()
        state.chatNotice("the server does not speak chat")
        #expect(ChatPane.rows(for: state, width: 40, height: 20) == [[StyledLine("the server does not speak chat", .warning)]])
    }

    @Test("a long line wraps at spaces, its next rows indented; wide characters are never split")
    func wraps() {
        var state = state()
        state.chat(from: "bob", text: "one two three four")
        #expect(ChatPane.rows(for: state, width: 12, height: 20).map(text) == ["bob: one two", "  three four"])
        #expect(ChatPane.rows(for: state, width: 11, height: 20).map(text) == ["bob: one", "  two three", "  four"])
        let wide = ChatPane.wrap(ChatLine(name: "b", nameStyle: .normal, text: "漢字漢字漢"), width: 7)
        #expect(wide.map(text) == ["b: 漢字", "  漢字", "  漢"])
    }

    @Test("only the newest lines that fit a third of the pane (two at least), newest last")
    func budget() {
        var state = state()
        for index in 1...10 { state.chat(from: "bob", text: "line \(index)") }
        #expect(ChatPane.rows(for: state, width: 30, height: 21).map(text) == (4...10).map { "bob: line \($0)" })
        #expect(ChatPane.rows(for: state, width: 30, height: 3).map(text) == ["bob: line 9", "bob: line 10"])
        // The pane's first row stays the connection's.
        #expect(ChatPane.rows(for: state, width: 30, height: 2).map(text) == ["bob: line 10"])
        #expect(ChatPane.lineBudget(height: 1) == 0)
    }

    @Test("the log keeps the newest 50 lines")
    func capacity() {
        var state = state()
        for index in 1...60 { state.chat(from: "bob", text: "\(index)") }
        #expect(state.chatLog.count == GameState.chatLogCapacity)
        #expect(state.chatLog.first?.text == "11")
    }

    @Test("the editor's row: the prompt, the text, the cursor in reverse on what it stands on")
    func editorRow() {
        var state = state()
        state.openChat()
        #expect(ChatPane.rows(for: state, width: 20, height: 10) == [[StyledLine("> ", .title), StyledLine(" ", .cursor)]])
        state.chatEditor?.insert("hey")
        state.chatEditor?.moveLeft()
        #expect(ChatPane.rows(for: state, width: 20, height: 10) == [[
            StyledLine("> ", .title), StyledLine("he"), StyledLine("y", .cursor),
        ]])
        state.chatEditor?.moveHome()
        #expect(ChatPane.editorRow(state.chatEditor!, width: 20) == [StyledLine("> ", .title), StyledLine("h", .cursor), StyledLine("ey")])
        var full = ChatEditor(maximumBytes: 3)
        full.insert("abc")
        #expect(ChatPane.editorRow(full, width: 20).first == StyledLine("> ", .warning))
    }

    @Test("the editor's row comes last, under the lines, and keeps its place in a short pane")
    func editorLast() {
        var state = state()
        state.chat(from: "bob", text: "hi")
        state.openChat()
        #expect(ChatPane.rows(for: state, width: 20, height: 10).map(text) == ["bob: hi", ">  "])
        #expect(ChatPane.rows(for: state, width: 20, height: 1).map(text) == [">  "])
    }

    @Test("on the screen: the chat at the bottom of the status pane, the status lines above it, the keys on the help line")
    func onScreen() {
        var state = state()
        state.chat(from: "bob", text: "hi alice")
        state.openChat()
        state.chatEditor?.insert("q")
        let layout = Layout(columns: 100, rows: 30)
        let grid = GameScreen.paint(state, layout: layout, now: 1_000_000)
        let status = layout.statusArea
        let last = status.maxY - 1
        #expect(grid.text(ofRow: last - 1).dropFirst(status.x).hasPrefix("bob: hi alice"))
        #expect(grid.text(ofRow: last).dropFirst(status.x).hasPrefix("> q "))
        #expect(grid[status.x, last - 1].style == .player(state.players["bob"]!.colorSlot))
        #expect(grid[status.x + 3, last].style == .cursor)
        #expect(grid.text(ofRow: status.y).dropFirst(status.x).hasPrefix("logged in"))
        #expect(grid.text(ofRow: layout.helpRow).hasPrefix(" Enter send  Esc cancel"))
        state.chatEditor = nil
        #expect(GameScreen.paint(state, layout: layout, now: 1_000_000).text(ofRow: layout.helpRow).hasPrefix(" q quit  ? help  Enter chat"))
    }

    @Test("the help overlay lists the chat's keys")
    func help() {
        let overlay = HelpText.overlay(for: state()).joined(separator: "\n")
        #expect(overlay.contains("Enter   chat"))
        #expect(overlay.contains("Esc cancels"))
    }
}
