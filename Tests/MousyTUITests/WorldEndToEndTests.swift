import Foundation
import GameUI
import TerminalGrid
import TestSupport
import Testing
@testable import MousyTUI

/// The shared world in real terminals (tmux): terminals of different sizes, and a raw
/// peer speaking in the original client's window coordinates.
// A hang fails the test by name instead of stalling the run.
@Suite("the shared world in tmux", .serialized, .scaledTimeLimit(minutes: 2), .ownThreads)
struct WorldEndToEndTests {
    /// Starts `mousy ARGUMENTS` in the tmux shell, with a UTF-8-less locale as a bare
    /// system has (mousy picks C.UTF-8 itself), NO_COLOR only if `environment` sets it.
    private func launch(_ tmux: Tmux, _ arguments: String, environment: String = "") throws {
        let mousy = try mousyExecutable()
        try tmux.type("env -u LANG -u LC_ALL -u LC_CTYPE -u NO_COLOR TERM=xterm-256color \(environment) XDG_CACHE_HOME=\(tmux.directory.path)/cache \(mousy) \(arguments)")
    }

    /// The screen's rows as cells, as the terminal holds them: a wide character takes its
    /// cell and an empty one after it (tmux prints it once); short rows are padded.
    private func cells(_ tmux: Tmux, columns: Int) throws -> [[String]] {
        try tmux.capture().split(separator: "\n", omittingEmptySubsequences: false).map { line in
            var row: [String] = []
            for character in line {
                row.append(String(character))
                if CharacterWidth.of(character) == 2 { row.append("") }
            }
            return row + Array(repeating: " ", count: max(0, columns - row.count))
        }
    }

    /// The SGR parameters on the screen, as `capture-pane -e` writes them.
    private func sgrParameters(_ tmux: Tmux) throws -> [Int] {
        try tmux.captureWithEscapes().split(separator: "\u{1B}[", omittingEmptySubsequences: false).dropFirst().flatMap { sequence in
            let parameters = sequence.prefix { $0.isNumber || $0 == ";" || $0 == ":" }
            guard sequence.dropFirst(parameters.count).first == "m" else { return [Int]() }
            return parameters.split(whereSeparator: { $0 == ";" || $0 == ":" }).compactMap { Int($0) }
        }
    }

    /// Foreground or background colour parameters (30-38, 40-48, 90-97, 100-107).
    private func isColour(_ parameter: Int) -> Bool {
        (30...38).contains(parameter) || (40...48).contains(parameter) || (90...97).contains(parameter) || (100...107).contains(parameter)
    }

    private func quit(_ tmux: Tmux) async throws {
        try tmux.sendKey("q")
        try await waitUntil("mousy to exit", screen: tmux) { try tmux.display("#{alternate_on}") == "0" }
    }

    /// Motion with no button held over screen cell (`column`, `row`), as SGR reports it.
    private func motion(column: Int, row: Int) -> String {
        "\u{1B}[<35;\(column + 1);\(row + 1)M"
    }

    /// Where `text` starts on the screen (0-based column, row), counting characters.
    private func find(_ text: String, in tmux: Tmux) throws -> (column: Int, row: Int)? {
        let needle = Array(text)
        for (row, line) in try tmux.capture().split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let characters = Array(line)
            guard characters.count >= needle.count else { continue }
            for column in 0...(characters.count - needle.count) where Array(characters[column..<(column + needle.count)]) == needle {
                return (column, row)
            }
        }
        return nil
    }

    @Test("two mousy terminals of 200x60 and 80x24 see each other at matching relative positions")
    func twoSizes() async throws {
        let big = try Tmux(columns: 200, rows: 60)
        defer { big.close() }
        let small = try Tmux(columns: 80, rows: 24)
        defer { small.close() }
        try launch(big, "play --port 0")
        let port = try await big.waitForLogin()
        try launch(small, "play --server 127.0.0.1:\(port) --user player2")
        _ = try await small.waitForLogin()
        try await waitUntil("both to count 2 online", screen: small) {
            try big.capture().contains("online  2") && small.capture().contains("online  2")
        }
        let bigArea = Layout(columns: 200, rows: 60).playArea
        let smallArea = Layout(columns: 80, rows: 24).playArea

        /// Waits for `name`'s cursor to be drawn within one cell of `relative` (a
        /// fraction of the area across and down).
        func check(_ tmux: Tmux, area: Rect, name: String, relative: (Double, Double)) async throws {
            var found: (column: Int, row: Int)?
            try await waitUntil("\(name)'s cursor on the screen", screen: tmux) {
                // The name goes right of the cursor, or left of it near the right edge.
                if let right = try find("*" + name, in: tmux) {
                    found = right
                } else if let left = try find(name + "*", in: tmux) {
                    found = (left.column + name.count, left.row)
                } else {
                    found = nil
                }
                guard let found, area.contains(column: found.column, row: found.row) else { return false }
                // Within one cell of the same relative position (an earlier position of
                // the cursor may still be on the screen until the move arrives).
                let x = Double(found.column - area.x) + 0.5
                let y = Double(found.row - area.y) + 0.5
                return abs(x - relative.0 * Double(area.width)) <= 1 && abs(y - relative.1 * Double(area.height)) <= 1
            }
        }

        // player1 (200x60) at the play cell 3/8 across, 2/5 down: player2 (80x24) sees it there.
        let bigCell = (column: bigArea.width * 3 / 8, row: bigArea.height * 2 / 5)
        try big.sendLiteral(motion(column: bigArea.x + bigCell.column, row: bigArea.y + bigCell.row))
        try await check(small, area: smallArea, name: "player1", relative: (
            (Double(bigCell.column) + 0.5) / Double(bigArea.width), (Double(bigCell.row) + 0.5) / Double(bigArea.height)))

        // player2 at its cell 3/4 across, 1/8 down: player1 sees it there.
        let smallCell = (column: smallArea.width * 3 / 4, row: smallArea.height / 8)
        try small.sendLiteral(motion(column: smallArea.x + smallCell.column, row: smallArea.y + smallCell.row))
        try await check(big, area: bigArea, name: "player2", relative: (
            (Double(smallCell.column) + 0.5) / Double(smallArea.width), (Double(smallCell.row) + 0.5) / Double(smallArea.height)))

        // Its bottom-right cell is near player1's bottom-right corner (the small cell's
        // centre falls a cell or two from the edge of the finer grid).
        try small.sendLiteral(motion(column: smallArea.maxX - 1, row: smallArea.maxY - 1))
        try await check(big, area: bigArea, name: "player2", relative: (
            (Double(smallArea.width) - 0.5) / Double(smallArea.width), (Double(smallArea.height) - 0.5) / Double(smallArea.height)))
        try await quit(small)
        try await quit(big)
    }

    @Test("a raw peer at the original's (700, 500) is drawn 7/8 across and 1/6 down; (-50, 900) is pinned to the corner")
    func rawPeer() async throws {
        let tmux = try Tmux(columns: 100, rows: 30)
        defer { tmux.close() }
        try launch(tmux, "play --port 0")
        let port = try await tmux.waitForLogin()
        let (peer, _) = try await TestClient.login(port: port, username: "peer")
        defer { Task { await peer.close() } }
        let area = Layout(columns: 100, rows: 30).playArea

        try await peer.move(x: 700, y: 500)
        var found: (column: Int, row: Int)?
        try await waitUntil("*peer on the screen", screen: tmux) {
            found = try find("*peer", in: tmux)
            return found.map { area.contains(column: $0.column, row: $0.row) } ?? false
        }
        let cell = try #require(found)
        #expect(abs(Double(cell.column - area.x) - 0.875 * Double(area.width)) <= 1)
        #expect(abs(Double(cell.row - area.y) - Double(area.height) / 6) <= 1)
        try await waitUntil("the list to show the point", screen: tmux) { try tmux.capture().contains("  peer 700,500") }

        try await peer.move(x: -50, y: 900)
        try await waitUntil("the pinned cursor in the top-left corner", screen: tmux) {
            try find("↖peer", in: tmux).map { $0 == (area.x, area.y) } ?? false
        }
        try await waitUntil("the list to say where", screen: tmux) {
            try tmux.capture().contains("  peer -50,900 ↖ off top-left")
        }
        // Back inside: drawn at its point again, the arrow gone.
        try await peer.move(x: 0, y: 0)
        try await waitUntil("peer in the bottom-left corner", screen: tmux) {
            try find("*peer", in: tmux).map { $0 == (area.x, area.maxY - 1) } ?? false
        }
        #expect(try find("↖", in: tmux) == nil)
        try await quit(tmux)
    }

    @Test("a server's announced world size is the one the client maps to")
    func announcedWorld() async throws {
        let tmux = try Tmux(columns: 100, rows: 30)
        defer { tmux.close() }
        try launch(tmux, "play --port 0 --world 2000x300")
        let port = try await tmux.waitForLogin()
        let (peer, _) = try await TestClient.login(port: port, username: "peer")
        defer { Task { await peer.close() } }
        let area = Layout(columns: 100, rows: 30).playArea
        // (1000, 150) is the centre of a 2000 x 300 world (and off an 800 x 600 one).
        try await peer.move(x: 1000, y: 150)
        try await waitUntil("peer in the middle", screen: tmux) {
            try find("*peer", in: tmux).map {
                abs($0.column - (area.x + area.width / 2)) <= 1 && abs($0.row - (area.y + area.height / 2)) <= 1
            } ?? false
        }
        try await quit(tmux)
    }

    @Test("NO_COLOR: the screen has attributes but no colour; the same game without it has colours")
    func noColor() async throws {
        let plain = try Tmux(columns: 100, rows: 30)
        defer { plain.close() }
        let coloured = try Tmux(columns: 100, rows: 30)
        defer { coloured.close() }
        try launch(plain, "play --port 0", environment: "NO_COLOR=1")
        let port = try await plain.waitForLogin()
        try launch(coloured, "play --server 127.0.0.1:\(port) --user player2")
        _ = try await coloured.waitForLogin()
        let (peer, _) = try await TestClient.login(port: port, username: "peer")
        defer { Task { await peer.close() } }
        try await peer.move(x: 400, y: 300)
        try await waitUntil("peer's cursor on both screens", screen: plain) {
            try find("*peer", in: plain) != nil && find("*peer", in: coloured) != nil
        }
        // The coloured one first: it shows that the check sees colours where there are some.
        try await waitUntil("colours on the screen without NO_COLOR", screen: coloured) {
            try sgrParameters(coloured).contains(where: isColour)
        }
        let parameters = try sgrParameters(plain)
        #expect(!parameters.contains(where: isColour), "colour SGR under NO_COLOR: \(parameters)")
        #expect(parameters.contains(1), "players and titles are still told apart by attributes")
        try await quit(coloured)
        try await quit(plain)
    }

    @Test("a raw peer with a double-width name is drawn without overwriting a border, and leaves nothing behind when it moves")
    func wideName() async throws {
        let columns = 100, rows = 30
        let tmux = try Tmux(columns: columns, rows: rows)
        defer { tmux.close() }
        try launch(tmux, "play --port 0 --shapes 0")  // no boxes: a row left behind is blank
        let port = try await tmux.waitForLogin()
        let name = "漢字名前"  // 8 columns
        let (peer, _) = try await TestClient.login(port: port, username: name)
        defer { Task { await peer.close() } }
        let layout = Layout(columns: columns, rows: rows)
        let (area, play, status) = (layout.playArea, layout.playFrame, layout.statusFrame)
        let drawn = ["漢", "", "字", "", "名", "", "前", ""]

        /// Every frame's sides are intact on every row (curses draws them with the VT100
        /// line-drawing set, whose vertical line tmux prints as "x").
        func bordersIntact(_ screen: [[String]]) -> Bool {
            (play.y + 1..<play.maxY - 1).allSatisfy { row in
                [play.x, play.maxX - 1, status.x, status.maxX - 1].allSatisfy { screen[row][$0] == "x" || screen[row][$0] == "│" }
            }
        }

        // At the right edge of the world: the name goes left of the cursor, the border stays.
        try await peer.move(x: 799, y: 300)
        var edgeRow: Int?
        try await waitUntil("the wide name left of the cursor at the right edge", screen: tmux) {
            let screen = try cells(tmux, columns: columns)
            edgeRow = (area.y..<area.maxY).first { row in
                Array(screen[row][(area.maxX - 9)..<area.maxX]) == drawn + ["*"]
            }
            return edgeRow != nil && bordersIntact(screen)
        }
        let row = try #require(edgeRow)
        try await waitUntil("the list to show the wide name", screen: tmux) {
            let screen = try cells(tmux, columns: columns)
            return screen.contains { $0.joined().contains("  \(name) 799,300") } && bordersIntact(screen)
        }

        // Moved to the bottom-left corner: drawn there, nothing left in the old row.
        try await peer.move(x: 0, y: 0)
        try await waitUntil("the wide name at the bottom-left, the old row empty", screen: tmux) {
            let screen = try cells(tmux, columns: columns)
            return Array(screen[area.maxY - 1][area.x..<(area.x + 9)]) == ["*"] + drawn
                && screen[row][area.x..<area.maxX].allSatisfy { $0 == " " }
                && bordersIntact(screen)
        }
        try await quit(tmux)
    }
}
