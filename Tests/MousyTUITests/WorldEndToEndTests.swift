import Foundation
import GameUI
import TestSupport
import Testing
@testable import MousyTUI

/// The shared world in real terminals (tmux): terminals of different sizes, and a raw
/// peer speaking in the original client's window coordinates.
// A hang fails the test by name instead of stalling the run.
@Suite("the shared world in tmux", .serialized, .timeLimit(.minutes(2)), .ownThreads)
struct WorldEndToEndTests {
    /// Starts `mousy ARGUMENTS` in the tmux shell, with a UTF-8-less locale as a bare
    /// system has (mousy picks C.UTF-8 itself).
    private func launch(_ tmux: Tmux, _ arguments: String) throws {
        let mousy = try mousyExecutable()
        try tmux.type("env -u LANG -u LC_ALL -u LC_CTYPE TERM=xterm-256color XDG_CACHE_HOME=\(tmux.directory.path)/cache \(mousy) \(arguments)")
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
}
