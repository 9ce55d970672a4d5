import Testing
import TerminalGrid

@Suite("GridDiffer")
struct GridDifferTests {
    private let red = CellStyle(foreground: 1, bold: true)

    /// The screen a terminal shows after `output`, as far as these tests use it: CUP,
    /// CUF, 2J, SGR (ignored), printable text; wide characters take two cells.
    private func replay(_ output: String, onto screen: inout [[String]]) {
        var row = 0, column = 0
        var scalars = Array(output)[...]
        while let character = scalars.first {
            scalars = scalars.dropFirst()
            guard character == "\u{1B}" else {
                let width = CharacterWidth.of(character)
                screen[row][column] = String(character)
                if width == 2 { screen[row][column + 1] = "" }
                column += width
                continue
            }
            #expect(scalars.first == "[")
            scalars = scalars.dropFirst()
            var parameters = ""
            while let next = scalars.first, !next.isLetter {
                parameters.append(next)
                scalars = scalars.dropFirst()
            }
            let final = scalars.first!
            scalars = scalars.dropFirst()
            let numbers = parameters.split(separator: ";").map { Int($0) ?? 0 }
            switch final {
            case "H":
                row = (numbers.first ?? 1) - 1
                column = (numbers.count > 1 ? numbers[1] : 1) - 1
            case "C":
                column += numbers.first ?? 1
            case "J":
                for index in screen.indices { screen[index] = screen[index].map { _ in " " } }
            case "m":
                break
            default:
                Issue.record("unexpected sequence \(parameters)\(final)")
            }
        }
    }

    private func text(of grid: CellGrid) -> [[String]] {
        (0..<grid.rows).map { row in (0..<grid.columns).map { grid[$0, row].text } }
    }

    @Test("the first frame paints the whole screen, skipping blanks")
    func firstFrame() {
        var grid = CellGrid(columns: 20, rows: 5)
        grid.put("hello", column: 2, row: 1, style: .plain)
        grid.put("world", column: 10, row: 3, style: red)
        var differ = GridDiffer(depth: .twoFiftySix)
        let output = differ.render(grid)
        #expect(output.hasPrefix("\u{1B}[0m\u{1B}[H\u{1B}[2J"))
        var screen = Array(repeating: Array(repeating: "?", count: 20), count: 5)
        replay(output, onto: &screen)
        #expect(screen == text(of: grid))
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
        #expect(differ.render(grid) == "\u{1B}[1;2HXcY")
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
        let output = differ.render(large)
        #expect(output.hasPrefix("\u{1B}[0m\u{1B}[H\u{1B}[2J"))
        var screen = Array(repeating: Array(repeating: "?", count: 50), count: 20)
        replay(output, onto: &screen)
        #expect(screen == text(of: large))
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
        _ = differ.render(grid)
        // The right half of 日 and the left half of 本.
        grid.put("ab", column: 1, row: 0, style: .plain)
        #expect(grid.text(ofRow: 0) == " ab       ")
        let output = differ.render(grid)
        var screen = [["日", "", "本", "", " ", " ", " ", " ", " ", " "]]
        replay(output, onto: &screen)
        #expect(screen == text(of: grid))
        #expect(screen[0].joined() == " ab       ")
    }

    @Test("a wide character replaced by a narrow one is redrawn with its right half")
    func wideToNarrow() {
        var grid = CellGrid(columns: 6, rows: 1)
        grid.put("日", column: 2, row: 0, style: .plain)
        var differ = GridDiffer(depth: .twoFiftySix)
        _ = differ.render(grid)
        grid.put("x", column: 2, row: 0, style: .plain)
        let output = differ.render(grid)
        var screen = [[" ", " ", "日", "", " ", " "]]
        replay(output, onto: &screen)
        #expect(screen == [[" ", " ", "x", " ", " ", " "]])
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
}
