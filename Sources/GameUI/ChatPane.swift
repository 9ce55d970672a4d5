/// The chat at the bottom of the status pane: the newest lines that fit, each sender's
/// name in the colour of its cursor, and, while the editor is open, the line being
/// typed with its cursor. Pure, so it is tested without a terminal.
///
/// Each row is a run of styled pieces (a name and its text differ in style), drawn in
/// order from the row's first column.
public enum ChatPane {
    /// What the editor's row starts with.
    public static let prompt = "> "

    /// The columns the editor's field has at `layout`'s size (the status pane's width
    /// without the prompt).
    public static func fieldWidth(layout: Layout) -> Int {
        max(0, layout.statusArea.width - prompt.count)
    }

    /// How many rows the chat's lines may take of a pane `height` tall: a third of it,
    /// at least two, and never the pane's first row (the connection's state).
    public static func lineBudget(height: Int) -> Int {
        min(max(0, height - 1), max(2, height / 3))
    }

    /// The rows for a pane `width` x `height`: the newest chat lines' rows (a long line
    /// wraps, its next rows indented by two), then the editor's row when it is open.
    /// Empty when there is no chat and the editor is closed.
    public static func rows(for state: GameState, width: Int, height: Int) -> [[StyledLine]] {
        guard width > 0, height > 0 else { return [] }
        var editorRows: [[StyledLine]] = []
        if let editor = state.chatEditor {
            editorRows.append(editorRow(editor, width: width))
        }
        let budget = max(0, min(lineBudget(height: height), height - editorRows.count))
        var rows: [[StyledLine]] = []
        for line in state.chatLog.reversed() {
            guard rows.count < budget else { break }
            rows.insert(contentsOf: wrap(line, width: width), at: 0)
        }
        return Array(rows.suffix(budget)) + editorRows
    }

    /// "> text" with the cursor drawn on the character it stands on (a space at the
    /// end); the prompt turns to a warning when the line is full.
    public static func editorRow(_ editor: ChatEditor, width: Int) -> [StyledLine] {
        let promptShown = DisplayWidth.prefix(prompt, fitting: width)
        let field = max(0, width - DisplayWidth.of(promptShown))
        var row = [StyledLine(promptShown, editor.isFull ? .warning : .title)]
        guard field > 0 else { return row }
        let window = editor.window(width: field)
        let characters = Array(window.text)
        var before = "", after = ""
        var column = 0
        var index = 0
        while index < characters.count, column < window.cursorColumn {
            before.append(characters[index])
            column += DisplayWidth.of(String(characters[index]))
            index += 1
        }
        if index < characters.count { index += 1 }  // the character under the cursor
        while index < characters.count {
            after.append(characters[index])
            index += 1
        }
        if !before.isEmpty { row.append(StyledLine(before)) }
        row.append(StyledLine(window.underCursor, .cursor))
        if !after.isEmpty { row.append(StyledLine(after)) }
        return row
    }

    /// A chat line as rows of `width` columns: "name: text", broken at the last space
    /// in the row's second half, else inside a word (never inside a wide character).
    public static func wrap(_ line: ChatLine, width: Int) -> [[StyledLine]] {
        var cells: [(Character, TextStyle)] = []
        if let name = line.name {
            cells += name.map { ($0, line.nameStyle) }
            cells += ": ".map { ($0, line.textStyle) }
        }
        cells += line.text.map { ($0, line.textStyle) }
        var rows: [[StyledLine]] = []
        var start = 0
        while start < cells.count {
            let indent = rows.isEmpty ? 0 : min(2, width - 1)
            let room = width - indent
            var end = start
            var used = 0
            var lastSpace: Int?
            while end < cells.count {
                let w = DisplayWidth.of(String(cells[end].0))
                if used + w > room { break }
                if cells[end].0 == " " { lastSpace = end }
                used += w
                end += 1
            }
            if end == start { end = start + 1 }  // wider than the row: cut when drawn
            var next = end
            if end < cells.count {
                if cells[end].0 == " " {
                    next = end + 1  // the row ends with a whole word
                } else if let space = lastSpace, space > start + room / 2 {
                    end = space  // a word would be cut: break before it, unless that wastes half the row
                    next = space + 1
                }
            }
            rows.append(pieces(cells[start..<end], indent: indent))
            start = next
        }
        return rows
    }

    /// Cells grouped into runs of one style.
    private static func pieces(_ cells: ArraySlice<(Character, TextStyle)>, indent: Int) -> [StyledLine] {
        var pieces: [StyledLine] = indent > 0 ? [StyledLine(String(repeating: " ", count: indent))] : []
        for (character, style) in cells {
            if let last = pieces.indices.last, pieces[last].style == style, !(indent > 0 && last == 0) {
                pieces[last].text.append(character)
            } else {
                pieces.append(StyledLine(String(character), style))
            }
        }
        return pieces
    }
}
