import Testing
import TerminalGrid
import TerminalModel

@Suite("GridDiffer")
struct GridDifferTests {
    private let red = CellStyle(foreground: 1, bold: true)

    /// Renders `grid`, applies the output to `terminal` and expects the terminal to show
    /// `grid` exactly (text and style), with no sequence the model does not know.
    @discardableResult
    private func show(_ grid: CellGrid, with differ: inout GridDiffer, on terminal: inout ModelTerminal,
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
    private func logScreen(_ entries: [String]) -> CellGrid {
        var grid = CellGrid(columns: 100, rows: 30)
        grid.put("┌" + String(repeating: "─", count: 66) + "┐", column: 0, row: 0, style: .plain)
        for row in 1..<28 {
            grid.put("│", column: 0, row: row, style: .plain)
            grid.put("│", column: 67, row: row, style: .plain)
            grid.put("│", column: 68, row: row, style: .plain)
            grid.put("│", column: 99, row: row, style: .plain)
        }
        grid.put("rtt     \(entries.count).41 ms", column: 69, row: 4, style: .plain)
        grid.put("time      len  rtt", column: 69, row: 9, style: CellStyle(foreground: 6, bold: true))
        for (index, entry) in entries.reversed().prefix(18).enumerated() {
            grid.put(entry, column: 69, row: 10 + index, style: CellStyle(dim: true))
        }
        grid.put(" q quit  ? help", column: 0, row: 29, style: CellStyle(dim: true))
        return grid
    }

    private func logEntry(_ second: Int) -> String {
        "12:00:\(second < 10 ? "0" : "")\(second)    9  0.\((second * 37) % 90 + 10) ms"
    }

    @Test("a log that gains a row at the top is moved by the terminal (scroll region, reverse index), and only the new row is written")
    func scrolledLog() {
        var differ = GridDiffer(depth: .twoFiftySix)
        var terminal = ModelTerminal(columns: 100, rows: 30)
        var entries = (0..<30).map(logEntry)
        show(logScreen(entries), with: &differ, on: &terminal)
        for second in 30..<40 {
            entries.append(logEntry(second))
            let output = show(logScreen(entries), with: &differ, on: &terminal)
            // The region is the log's rows, moved down one, then reset.
            #expect(output.contains("\u{1B}[11;28r\u{1B}[11H\u{1B}M\u{1B}[r"), "\(output.debugDescription)")
            // The new row (its frame included) and the changed rtt: 18 rows rewritten would take about 290 bytes.
            #expect(output.utf8.count <= 90, "\(output.utf8.count) bytes: \(output.debugDescription)")
        }
        // Two entries in one frame: moved by two rows.
        entries += [logEntry(40), logEntry(41)]
        let output = show(logScreen(entries), with: &differ, on: &terminal)
        #expect(output.contains("\u{1B}M\u{1B}M"))
    }

    @Test("rows that moved up (a log growing at the bottom, full width) scroll up with a line feed at the region's bottom")
    func scrolledUp() {
        var differ = GridDiffer(depth: .twoFiftySix)
        var terminal = ModelTerminal(columns: 40, rows: 12)
        var lines = (0..<20).map { "line \($0) " + String(repeating: "=", count: $0 % 7 + 10) }
        func screen() -> CellGrid {
            var grid = CellGrid(columns: 40, rows: 12)
            grid.put("header", column: 0, row: 0, style: CellStyle(bold: true))
            for (index, line) in lines.suffix(9).enumerated() { grid.put(line, column: 0, row: 1 + index, style: .plain) }
            grid.put("footer", column: 0, row: 11, style: CellStyle(foreground: 2))
            return grid
        }
        show(screen(), with: &differ, on: &terminal)
        lines.append("line 20 ==========")
        let output = show(screen(), with: &differ, on: &terminal)
        // Region rows 2-10, a line feed at its bottom, the region reset (the cursor goes
        // home), down to the uncovered row and the new line in the default colour.
        #expect(output == "\u{1B}[2;10r\u{1B}[10H\n\u{1B}[r\u{1B}[9B\u{1B}[39mline 20 ==========")
    }

    @Test("moved rows cheaper to rewrite than to scroll are rewritten")
    func scrollNotWorthIt() {
        var differ = GridDiffer(depth: .twoFiftySix)
        var terminal = ModelTerminal(columns: 20, rows: 60)
        var grid = CellGrid(columns: 20, rows: 60)
        grid.put("a", column: 0, row: 50, style: .plain)
        grid.put("b", column: 0, row: 51, style: .plain)
        show(grid, with: &differ, on: &terminal)
        grid = CellGrid(columns: 20, rows: 60)
        grid.put("a", column: 0, row: 51, style: .plain)
        grid.put("b", column: 0, row: 52, style: .plain)
        // Scrolling rows 50-53 takes 18 bytes; three short relative moves and three cells take 15.
        let output = show(grid, with: &differ, on: &terminal)
        #expect(output == "\u{1B}[A\u{8} \u{1B}[B\u{8}a\u{1B}[B\u{8}b", "\(output.debugDescription)")
    }

    @Test("the next change a row below is reached by a relative move, not an absolute one")
    func relativeMoves() {
        var differ = GridDiffer(depth: .twoFiftySix)
        var terminal = ModelTerminal(columns: 40, rows: 10)
        var grid = CellGrid(columns: 40, rows: 10)
        grid.put("pings   9", column: 20, row: 5, style: .plain)
        grid.put("contact 0 s", column: 20, row: 6, style: .plain)
        grid.put("end", column: 0, row: 9, style: .plain)
        show(grid, with: &differ, on: &terminal)
        grid.put("10", column: 28, row: 5, style: .plain)
        grid.put("1", column: 28, row: 6, style: .plain)
        // From after "10" back two columns and down one: CUD and two backspaces.
        #expect(show(grid, with: &differ, on: &terminal) == "\u{1B}[6;29H10\u{1B}[B\u{8}\u{8}1")
    }

    @Test("random frames (text, styles, wide characters, moved bands of rows) always leave the terminal showing the grid")
    func randomFrames() {
        var random = SplitMix(seed: 13)
        let texts = ["a", "bc", "日本", "x日", "—", "é", "❤️", "  ", "long line of text", "😀z"]
        let styles = [CellStyle.plain, CellStyle(foreground: 1, bold: true), CellStyle(dim: true),
                      CellStyle(foreground: 200, underline: true), CellStyle(reverse: true), CellStyle(foreground: 12)]
        for depth in [ColorDepth.twoFiftySix, .none] {
            var differ = GridDiffer(depth: depth)
            var terminal = ModelTerminal(columns: 30, rows: 12)
            var grid = CellGrid(columns: 30, rows: 12)
            for frame in 0..<400 {
                if random.below(4) == 0 {
                    // Move a band of rows up or down, as a log does, then write the new rows.
                    let top = random.below(8), bottom = top + 2 + random.below(12 - top - 2)
                    let distance = (1 + random.below(3)) * (random.below(2) == 0 ? 1 : -1)
                    var moved = CellGrid(columns: 30, rows: 12)
                    for row in 0..<12 {
                        let source = (top...bottom).contains(row) ? row - distance : row
                        guard source >= 0, source < 12, (top...bottom).contains(source) || !(top...bottom).contains(row) else { continue }
                        for column in 0..<30 where !grid[column, source].isContinuation {
                            moved.put(grid[column, source].text, column: column, row: row, style: grid[column, source].style)
                        }
                    }
                    grid = moved
                }
                for _ in 0..<random.below(6) {
                    grid.put(texts[random.below(texts.count)], column: random.below(32) - 1, row: random.below(12),
                             style: styles[random.below(styles.count)])
                }
                if frame % 97 == 0 { differ.invalidate() }
                show(grid, with: &differ, on: &terminal)
            }
        }
    }

    /// A small seeded generator, so a failing frame can be replayed.
    private struct SplitMix {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func below(_ bound: Int) -> Int {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)) % UInt64(bound))
        }
    }
}
