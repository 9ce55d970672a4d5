import Testing
import TerminalGrid
import TerminalModel

@Suite("GridDiffer")
struct GridDifferTests {
    let red = CellStyle(foreground: 1, bold: true)

    /// Renders `grid`, applies the output to `terminal` and expects the terminal to show
    /// `grid` exactly (text and style), with no sequence the model does not know.
    @discardableResult
    func show(_ grid: CellGrid, with differ: inout GridDiffer, on terminal: inout ModelTerminal,
                      sourceLocation: SourceLocation = #_sourceLocation) -> String {
        let output = differ.render(grid)
        terminal.apply(output)
        #expect(terminal.unsupported == [], sourceLocation: sourceLocation)
        let differences = terminal.differences(from: grid, depth: differ.depth)
        #expect(differences.isEmpty, "\(differences.prefix(5)) after \(output.debugDescription)", sourceLocation: sourceLocation)
        return output
    }

    @Test("the first frame paints the whole screen, skipping blanks")
    func firstFrame() {
        var grid = CellGrid(columns: 20, rows: 5)
        grid.put("hello", column: 2, row: 1, style: .plain)
        grid.put("world", column: 10, row: 3, style: red)
        var differ = GridDiffer(depth: .twoFiftySix)
        var terminal = ModelTerminal(columns: 20, rows: 5)
        let output = show(grid, with: &differ, on: &terminal)
        #expect(output.hasPrefix("\u{1B}[0m\u{1B}[H\u{1B}[2J"))
        #expect(output.contains("\u{1B}[1;31m"))
    }

    @Test("an unchanged screen sends nothing")
    func unchanged() {
        var grid = CellGrid(columns: 80, rows: 24)
        grid.put("status", column: 0, row: 0, style: red)
        var differ = GridDiffer(depth: .twoFiftySix)
        _ = differ.render(grid)
        #expect(differ.render(grid) == "")
    }

    @Test("one changed cell costs one cursor move and one character")
    func oneCell() {
        var grid = CellGrid(columns: 200, rows: 60)
        for row in 0..<60 { grid.put(String(repeating: "x", count: 200), column: 0, row: row, style: .plain) }
        var differ = GridDiffer(depth: .twoFiftySix)
        _ = differ.render(grid)
        grid.put("*", column: 150, row: 40, style: .plain)
        let output = differ.render(grid)
        #expect(output == "\u{1B}[41;151H*")
    }

    @Test("a moving cursor sends a bounded sequence per frame, whatever the screen's size")
    func movingCursor() {
        var differ = GridDiffer(depth: .twoFiftySix)
        var grid = CellGrid(columns: 250, rows: 80)
        grid.put("status pane text", column: 200, row: 3, style: .plain)
        _ = differ.render(grid)
        for step in 1..<50 {
            grid.put(" ", column: step - 1, row: 10, style: .plain)
            grid.put("*", column: step, row: 10, style: red)
            let output = differ.render(grid)
            // Erase, move on, recolour: a few bytes, never a repaint.
            #expect(output.utf8.count <= 24, "step \(step): \(output.debugDescription)")
            #expect(!output.contains("2J"))
        }
    }

    @Test("the style is set only where it changes along a run")
    func styleRuns() {
        var grid = CellGrid(columns: 40, rows: 2)
        var differ = GridDiffer(depth: .twoFiftySix)
        _ = differ.render(grid)
        grid.put("aaaa", column: 0, row: 0, style: red)
        grid.put("bbbb", column: 4, row: 0, style: red)
        grid.put("cccc", column: 8, row: 0, style: .plain)
        let output = differ.render(grid)
        // The cursor is still home from the first frame: no move.
        #expect(output == "\u{1B}[1;31maaaabbbb\u{1B}[0mcccc")
    }

    @Test("a short gap of unchanged cells in the same style is rewritten instead of skipped")
    func shortGap() {
        var grid = CellGrid(columns: 40, rows: 2)
        grid.put("abcdef", column: 0, row: 0, style: .plain)
        var differ = GridDiffer(depth: .twoFiftySix)
        _ = differ.render(grid)
        grid.put("X", column: 1, row: 0, style: .plain)
        grid.put("Y", column: 3, row: 0, style: .plain)
        // The cursor is after "f": back to the line's start, rewrite "a", then the changes.
        #expect(differ.render(grid) == "\raXcY")
    }

    @Test("colours follow the terminal's depth", arguments: [
        (ColorDepth.twoFiftySix, UInt8(1), "31"), (.twoFiftySix, 9, "91"), (.twoFiftySix, 208, "38;5;208"),
        (.eight, 9, "31"), (.eight, 208, "31"), (.eight, 46, "32"),
    ])
    func depths(depth: ColorDepth, color: UInt8, parameter: String) {
        var grid = CellGrid(columns: 10, rows: 1)
        grid.put("a", column: 0, row: 0, style: CellStyle(foreground: color))
        var differ = GridDiffer(depth: depth)
        #expect(differ.render(grid).hasSuffix("\u{1B}[\(parameter)ma"))
    }

    @Test("without colours only attributes are written")
    func noColor() {
        var grid = CellGrid(columns: 10, rows: 1)
        grid.put("a", column: 0, row: 0, style: CellStyle(foreground: 3, underline: true))
        var differ = GridDiffer(depth: .none)
        let output = differ.render(grid)
        #expect(output.hasSuffix("\u{1B}[4ma"))
        #expect(!output.contains("33"))
    }

    @Test("TERM and NO_COLOR choose the depth")
    func depthFromTerm() {
        #expect(ColorDepth(term: "xterm-256color", noColor: false) == .twoFiftySix)
        #expect(ColorDepth(term: "xterm", noColor: false) == .eight)
        #expect(ColorDepth(term: "screen", noColor: false) == .eight)
        #expect(ColorDepth(term: "dumb", noColor: false) == .none)
        #expect(ColorDepth(term: nil, noColor: false) == .none)
        #expect(ColorDepth(term: "xterm-256color", noColor: true) == .none)
    }

    @Test("a resize repaints everything at the new size")
    func resize() {
        var differ = GridDiffer(depth: .twoFiftySix)
        var small = CellGrid(columns: 30, rows: 10)
        small.put("small", column: 0, row: 0, style: .plain)
        _ = differ.render(small)
        var large = CellGrid(columns: 50, rows: 20)
        large.put("large", column: 40, row: 15, style: .plain)
        var terminal = ModelTerminal(columns: 50, rows: 20)
        let output = show(large, with: &differ, on: &terminal)
        #expect(output.hasPrefix("\u{1B}[0m\u{1B}[H\u{1B}[2J"))
    }

    @Test("invalidate repaints everything")
    func invalidate() {
        var differ = GridDiffer(depth: .twoFiftySix)
        var grid = CellGrid(columns: 30, rows: 10)
        grid.put("x", column: 3, row: 3, style: .plain)
        _ = differ.render(grid)
        differ.invalidate()
        #expect(differ.render(grid).contains("2J"))
    }

    @Test("a wide character is written once and takes two cells")
    func wide() {
        var grid = CellGrid(columns: 10, rows: 1)
        #expect(grid.put("日本", column: 1, row: 0, style: .plain) == 4)
        #expect(grid[1, 0].text == "日" && grid[2, 0].isContinuation)
        #expect(grid[3, 0].text == "本" && grid[4, 0].isContinuation)
        var differ = GridDiffer(depth: .twoFiftySix)
        let output = differ.render(grid)
        #expect(output.hasSuffix("\u{1B}[2J 日本"))
    }

    @Test("overwriting half of a wide character leaves no residue")
    func wideOverwrite() {
        var grid = CellGrid(columns: 10, rows: 1)
        grid.put("日本", column: 0, row: 0, style: .plain)
        var differ = GridDiffer(depth: .twoFiftySix)
        var terminal = ModelTerminal(columns: 10, rows: 1)
        show(grid, with: &differ, on: &terminal)
        // The right half of 日 and the left half of 本.
        grid.put("ab", column: 1, row: 0, style: .plain)
        #expect(grid.text(ofRow: 0) == " ab       ")
        show(grid, with: &differ, on: &terminal)
        #expect(terminal.text(ofRow: 0) == " ab       ")
    }

    @Test("a wide character replaced by a narrow one is redrawn with its right half")
    func wideToNarrow() {
        var grid = CellGrid(columns: 6, rows: 1)
        grid.put("日", column: 2, row: 0, style: .plain)
        var differ = GridDiffer(depth: .twoFiftySix)
        var terminal = ModelTerminal(columns: 6, rows: 1)
        show(grid, with: &differ, on: &terminal)
        grid.put("x", column: 2, row: 0, style: .plain)
        show(grid, with: &differ, on: &terminal)
        #expect(terminal.text(ofRow: 0) == "  x   ")
    }

    @Test("a wide character that does not fit before the edge or the limit becomes a space")
    func wideAtEdge() {
        var grid = CellGrid(columns: 5, rows: 1)
        grid.put("abcd日", column: 0, row: 0, style: .plain)
        #expect(grid.text(ofRow: 0) == "abcd ")
        grid.put("日日", column: 0, row: 0, style: .plain, limit: 3)
        #expect(grid.text(ofRow: 0) == "日 d ")
    }

    @Test("control characters from the network are drawn as ?, never sent")
    func controls() {
        var grid = CellGrid(columns: 10, rows: 1)
        grid.put("a\u{1B}[2Jb\u{07}", column: 0, row: 0, style: .plain)
        #expect(grid.text(ofRow: 0) == "a?[2Jb?   ")
        var differ = GridDiffer(depth: .twoFiftySix)
        let output = differ.render(grid)
        #expect(output.filter { $0 == "\u{1B}" }.count == 3)  // 0m, H, 2J of the repaint only
    }

    @Test("text outside the grid is clipped")
    func clipping() {
        var grid = CellGrid(columns: 5, rows: 2)
        grid.put("abcdefgh", column: 2, row: 0, style: .plain)
        grid.put("xyz", column: -1, row: 1, style: .plain)
        grid.put("nothing", column: 0, row: 5, style: .plain)
        #expect(grid.text(ofRow: 0) == "  abc")
        #expect(grid.text(ofRow: 1) == "yz   ")
    }

    @Test("character widths", arguments: [
        ("a", 1), ("日", 2), ("한", 2), ("😀", 2), ("é", 1), ("\u{7}", 0), ("\u{200B}", 0), ("❤️", 2),
    ])
    func widths(text: String, width: Int) {
        #expect(CharacterWidth.of(Character(text)) == width)
    }

    /// A 100x30 screen like an SSH session's: a framed play area on the left, and on the
    /// right a status pane whose log shows `entries`, newest first, from row 10.
}
