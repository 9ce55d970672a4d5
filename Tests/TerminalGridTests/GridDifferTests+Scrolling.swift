import Testing
import TerminalGrid
import TerminalModel

/// Scrolling: rows that moved are moved by the terminal when that is cheaper.
extension GridDifferTests {
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
