import Testing
@testable import GameUI

@Suite("ChatEditor: the chat line's text, cursor and field")
struct ChatEditorTests {
    private func editor(_ text: String, maximumBytes: Int = 186) -> ChatEditor {
        var editor = ChatEditor(maximumBytes: maximumBytes)
        for character in text { editor.insert(String(character)) }
        return editor
    }

    @Test("typing inserts at the cursor; left, right, Home and End move it and stop at the ends")
    func moves() {
        var line = editor("helo")
        #expect(line.text == "helo" && line.cursor == 4)
        line.moveRight()
        #expect(line.cursor == 4)
        line.moveLeft()
        line.insert("l")
        #expect(line.text == "hello" && line.cursor == 4)
        line.moveHome()
        #expect(line.cursor == 0)
        line.moveLeft()
        #expect(line.cursor == 0)
        line.insert("¡")
        #expect(line.text == "¡hello" && line.cursor == 1)
        line.moveEnd()
        #expect(line.cursor == 6)
    }

    @Test("Backspace deletes before the cursor, Delete under it; both do nothing at their end")
    func deletes() {
        var line = editor("abc")
        line.deleteForward()
        #expect(line.text == "abc")
        line.moveLeft()
        line.deleteBackward()
        #expect(line.text == "ac" && line.cursor == 1)
        line.deleteForward()
        #expect(line.text == "a" && line.cursor == 1)
        line.moveHome()
        line.deleteBackward()
        #expect(line.text == "a" && line.cursor == 0)
    }

    @Test("Ctrl-U deletes everything before the cursor and keeps the rest")
    func deleteToStart() {
        var line = editor("hello world")
        for _ in 0..<5 { line.moveLeft() }
        line.deleteToStart()
        #expect(line.text == "world" && line.cursor == 0)
    }

    @Test("a character is one step whatever its bytes: é, a flag, a wide character, e with a combining accent")
    func characters() {
        var line = editor("é🇫🇷漢")
        #expect(line.cursor == 3)
        line.moveLeft()
        line.deleteBackward()
        #expect(line.text == "é漢")
        line.moveEnd()
        line.insert("e")
        line.insert("\u{301}")  // joins the e: still one character
        #expect(line.text.count == 3 && line.cursor == 3)
        line.deleteBackward()
        #expect(line.text == "é漢")
    }

    @Test("the text stops at the byte limit (a wide character that would cross it is refused whole); controls and bidi overrides are refused")
    func limits() {
        var line = editor("abcd", maximumBytes: 6)
        #expect(!line.isFull)
        let wide = line.insert("漢")  // 3 more bytes: 7
        let accented = line.insert("é")
        #expect(!wide && accented)
        #expect(line.isFull && line.text == "abcdé")
        let more = line.insert("x")
        #expect(!more)
        var other = editor("")
        for refused in ["\u{1B}", "\u{202E}", "\n"] {
            let taken = other.insert(refused)
            #expect(!taken)
        }
        #expect(other.text.isEmpty)
    }

    @Test("a field narrower than the text scrolls to keep the cursor in it, by display width")
    func scrolls() {
        var line = editor("abcdefghij")
        line.scrollToCursor(width: 5)
        // The cursor at the end takes a cell: "ghij" and the cursor.
        #expect(line.window(width: 5) == ChatEditor.Window(text: "ghij", cursorColumn: 4, underCursor: " "))
        // Off the end, the cursor needs no cell of its own: one more character fits.
        for _ in 0..<3 { line.moveLeft() }
        line.scrollToCursor(width: 5)
        #expect(line.window(width: 5) == ChatEditor.Window(text: "fghij", cursorColumn: 2, underCursor: "h"))
        // Moving left inside the field does not scroll.
        line.moveLeft()
        line.scrollToCursor(width: 5)
        #expect(line.window(width: 5) == ChatEditor.Window(text: "fghij", cursorColumn: 1, underCursor: "g"))
        // Past its left edge, the field follows the cursor.
        for _ in 0..<2 { line.moveLeft() }
        line.scrollToCursor(width: 5)
        #expect(line.window(width: 5) == ChatEditor.Window(text: "efghi", cursorColumn: 0, underCursor: "e"))
        line.moveHome()
        line.scrollToCursor(width: 5)
        #expect(line.window(width: 5).text == "abcde")
        // Wide enough for all: no scrolling.
        #expect(line.window(width: 20).text == "abcdefghij")
    }

    @Test("wide characters take two columns and are never cut")
    func wide() {
        var line = editor("漢字漢字")
        line.scrollToCursor(width: 5)
        // 2 + 2 and the cursor's cell: two characters shown.
        #expect(line.window(width: 5) == ChatEditor.Window(text: "漢字", cursorColumn: 4, underCursor: " "))
        line.moveHome()
        line.scrollToCursor(width: 5)
        // Five columns hold two wide characters, not two and a half.
        #expect(line.window(width: 5) == ChatEditor.Window(text: "漢字", cursorColumn: 0, underCursor: "漢"))
        line.moveEnd()
        line.moveLeft()
        line.scrollToCursor(width: 3)
        #expect(line.window(width: 3) == ChatEditor.Window(text: "字", cursorColumn: 0, underCursor: "字"))
    }

    @Test("after a deletion, hidden text on the left comes back into an emptied field")
    func reflows() {
        var line = editor("abcdefghij")
        line.scrollToCursor(width: 5)
        line.deleteBackward()
        line.deleteBackward()
        line.scrollToCursor(width: 5)
        #expect(line.window(width: 5).text == "efgh")
        line.deleteToStart()
        line.scrollToCursor(width: 5)
        #expect(line.window(width: 5) == ChatEditor.Window(text: "", cursorColumn: 0, underCursor: " "))
    }
}
