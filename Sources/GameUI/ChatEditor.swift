import Messages

/// The one-line chat editor: its text, the cursor, and which part a field too narrow for
/// the whole line shows. Pure, so every key is tested without a terminal; `PlayerInput`
/// turns keys into these edits, and the view draws ``window(width:)``.
///
/// Positions count characters (grapheme clusters), widths count terminal columns
/// (``DisplayWidth``): a wide character takes two columns and is never cut in half.
public struct ChatEditor: Hashable, Sendable {
    /// What the editor shows of its line in a field of some width.
    public struct Window: Hashable, Sendable {
        /// The characters shown, from the first the field starts at.
        public var text: String
        /// The column of the cursor within the field.
        public var cursorColumn: Int
        /// What the cursor stands on: the character after it, or a space at the end.
        public var underCursor: String
    }

    /// The most UTF-8 bytes of text, the limit of what a frame carries beside the
    /// longest legal name.
    public let maximumBytes: Int
    /// The text typed so far.
    public private(set) var text = ""
    /// How many characters come before the cursor.
    public private(set) var cursor = 0
    /// The first character a narrow field shows (kept as the cursor moves, so that the
    /// line does not jump on every key).
    public private(set) var scroll = 0

    /// An empty line that holds at most `maximumBytes` bytes of UTF-8.
    public init(maximumBytes: Int) {
        self.maximumBytes = maximumBytes
    }

    /// True when nothing more fits.
    public var isFull: Bool { text.utf8.count >= maximumBytes }

    // MARK: Edits

    /// Types `typed` at the cursor. Refused (false, nothing changes) when it holds a
    /// control or a character that reorders text (``NetworkText/isForbidden(_:)``), or
    /// when the line would exceed `maximumBytes`.
    @discardableResult
    public mutating func insert(_ typed: String) -> Bool {
        guard !typed.isEmpty, !typed.unicodeScalars.contains(where: NetworkText.isForbidden),
              text.utf8.count + typed.utf8.count <= maximumBytes else { return false }
        let before = String(text.prefix(cursor)) + typed
        let after = text.dropFirst(cursor)
        text = before + after
        // A combining mark joins the character before it: the count may not grow.
        cursor = min(before.count, text.count)
        return true
    }

    /// Left: one character back.
    public mutating func moveLeft() { cursor = max(0, cursor - 1) }

    /// Right: one character on.
    public mutating func moveRight() { cursor = min(text.count, cursor + 1) }

    /// Home (or Ctrl-A): to the start.
    public mutating func moveHome() { cursor = 0 }

    /// End (or Ctrl-E): to the end.
    public mutating func moveEnd() { cursor = text.count }

    /// Backspace: deletes the character before the cursor.
    public mutating func deleteBackward() {
        guard cursor > 0 else { return }
        text = String(text.prefix(cursor - 1)) + text.dropFirst(cursor)
        cursor -= 1
    }

    /// Delete: deletes the character under the cursor.
    public mutating func deleteForward() {
        guard cursor < text.count else { return }
        text = String(text.prefix(cursor)) + text.dropFirst(cursor + 1)
    }

    /// Ctrl-U: deletes everything before the cursor, as in a shell.
    public mutating func deleteToStart() {
        text = String(text.dropFirst(cursor))
        cursor = 0
    }

    // MARK: The field

    /// Keeps the cursor in a field `width` columns wide (call it after each edit, with the
    /// field's width as it is now); the view does the same on a copy after a resize.
    public mutating func scrollToCursor(width: Int) {
        scroll = Self.scroll(from: scroll, cursor: cursor, widths: text.map(Self.width), width: width)
    }

    /// What a field `width` columns wide shows: the line from ``scroll``, moved as little
    /// as keeps the cursor (and the character under it) in the field.
    public func window(width: Int) -> Window {
        let characters = Array(text)
        let widths = characters.map(Self.width)
        let start = Self.scroll(from: scroll, cursor: cursor, widths: widths, width: width)
        var shown = ""
        var used = 0
        var cursorColumn = 0
        for index in start..<characters.count {
            if index == cursor { cursorColumn = used }
            guard used + widths[index] <= width else { break }
            shown.append(characters[index])
            used += widths[index]
        }
        if cursor == characters.count { cursorColumn = used }
        let under = cursor < characters.count ? String(characters[cursor]) : " "
        return Window(text: shown, cursorColumn: cursorColumn, underCursor: under)
    }

    /// The first character to show: at most the cursor, late enough that the cursor's
    /// cell fits, and early enough that no room is left empty on the right while text
    /// is hidden on the left (after a deletion, or in a wider field).
    private static func scroll(from scroll: Int, cursor: Int, widths: [Int], width: Int) -> Int {
        guard width > 0 else { return cursor }
        let cursorCell = cursor < widths.count ? widths[cursor] : 1
        var start = min(scroll, cursor)
        var used = widths[start..<cursor].reduce(0, +) + cursorCell
        while start < cursor, used > width {
            used -= widths[start]
            start += 1
        }
        // From `start` to the end (and the cursor's cell there), then earlier while it fits.
        var whole = widths[start...].reduce(0, +) + (cursor == widths.count ? 1 : 0)
        while start > 0, whole + widths[start - 1] <= width {
            start -= 1
            whole += widths[start]
        }
        return start
    }

    /// A character's columns; one at least, so that the cursor can stand on any.
    private static func width(_ character: Character) -> Int {
        max(1, DisplayWidth.of(String(character)))
    }
}
