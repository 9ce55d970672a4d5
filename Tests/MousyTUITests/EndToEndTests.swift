import DevServer
import Foundation
import GameUI
import Logging
import Messages
import TestSupport
import Testing
@testable import MousyTUI

/// `mousy` in a real terminal (tmux), driven by injected mouse sequences and keys, and
/// watched by a second player in the game it started.
// A hang fails the test by name instead of stalling the run.
@Suite("mousy in tmux", .serialized, .scaledTimeLimit(minutes: 2), .ownThreads)
struct EndToEndTests {
    static let columns = 100
    static let rows = 30

    /// Starts `mousy ARGUMENTS` in the tmux shell; the exit code lands in the returned file.
    ///
    /// Wrapped in a child shell, so that the exit code is written when mousy exits (the
    /// shell ignores Ctrl-C; mousy does not). `direct`: typed as is, for job control
    /// (Ctrl-Z, fg), where bash must see mousy itself; then `recordExitCode` writes the file.
    func launch(_ tmux: Tmux, _ arguments: String, direct: Bool = false, term: String = "xterm-256color",
                        environment: String = "") throws -> String {
        let mousy = try mousyExecutable()
        let rcFile = tmux.directory.appendingPathComponent("rc").path
        let command = "TERM=\(term) XDG_CACHE_HOME=\(tmux.directory.path)/cache \(environment) \(mousy) \(arguments)"
        if direct {
            try tmux.type(command)
        } else {
            try tmux.type("sh -c 'trap \"\" INT; \(command); echo \"rc=$?\" > \(rcFile)'")
        }
        return rcFile
    }

    /// After a `direct` launch has ended: bash's `$?` is mousy's exit code.
    func recordExitCode(_ tmux: Tmux, in rcFile: String) throws {
        try tmux.type("echo \"rc=$?\" > \(rcFile)")
    }

    func exitCode(_ rcFile: String) -> Int? {
        guard let text = try? String(contentsOfFile: rcFile, encoding: .utf8) else { return nil }
        return Int(text.trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: "rc=", with: ""))
    }

    /// Waits for the exit code, then checks the terminal is back as it was.
    func expectRestored(_ tmux: Tmux, rcFile: String, exit expected: Int) async throws {
        try await waitUntil("mousy to exit", screen: tmux) { exitCode(rcFile) != nil }
        #expect(exitCode(rcFile) == expected)
        #expect(try tmux.display("#{mouse_any_flag}") == "0")
        #expect(try tmux.display("#{mouse_button_flag}") == "0")
        #expect(try tmux.display("#{mouse_standard_flag}") == "0")
        #expect(try tmux.display("#{mouse_sgr_flag}") == "0")
        #expect(try tmux.display("#{alternate_on}") == "0")
        #expect(try tmux.display("#{cursor_flag}") == "1")
    }

    func waitForCursor(_ player: TestClient, after count: Int, timeout: Duration = TestTime.defaultBound) async throws -> PlayerCursor {
        var cursor: PlayerCursor?
        try await waitUntil("a PLAYER_CURSOR for player1", timeout: timeout) {
            let cursors = try await player.cursors(of: "player1")
            guard cursors.count > count else { return false }
            cursor = cursors[count]
            return true
        }
        return try #require(cursor)
    }

    func sgr(_ code: Int, screenColumn: Int, screenRow: Int, release: Bool = false) -> String {
        "\u{1B}[<\(code);\(screenColumn + 1);\(screenRow + 1)" + (release ? "m" : "M")
    }

    @Test("mouse motion and clicks reach another player; the screen shows both players and the pings; q exits cleanly")
    func playWithASecondPlayer() async throws {
        let tmux = try Tmux(columns: Self.columns, rows: Self.rows)
        defer { tmux.close() }
        let rcFile = try launch(tmux, "play --port 0")
        let port = try await tmux.waitForLogin()
        #expect(try tmux.display("#{mouse_any_flag}") == "1")
        #expect(try tmux.display("#{mouse_sgr_flag}") == "1")
        #expect(try tmux.display("#{alternate_on}") == "1")

        let (player2, welcome) = try await TestClient.login(port: port, username: "player2")
        #expect(welcome.ok)
        // The presence burst: player1's cursor where it was (it has not moved yet).
        var seen = 0
        _ = try await waitForCursor(player2, after: seen)
        seen = try await player2.cursors(of: "player1").count
        try await waitUntil("the status pane to list player2 with 2 online", screen: tmux) {
            let screen = try tmux.capture()
            return screen.contains("online  2") && screen.contains("  player2 -")
        }

        let layout = Layout(columns: Self.columns, rows: Self.rows)
        let area = layout.playArea
        // Cells go on the wire as world points (PROTOCOL.md, "World coordinates").
        let mapping = WorldMapping(layout: layout, world: .original)
        func point(_ x: Int, _ y: Int) -> (Int32, Int32) {
            let point = mapping.point(of: PlayCell(x: x, y: y))
            return (point.x, point.y)
        }
        // Motion with no button to play cell (10, 4).
        try tmux.sendLiteral(sgr(35, screenColumn: area.x + 10, screenRow: area.y + 4))
        var cursor = try await waitForCursor(player2, after: seen)
        seen += 1
        #expect((cursor.x, cursor.y) == point(10, 4) && (cursor.leftClick, cursor.rightClick) == (false, false))

        // Motion over the status pane and the border is ignored; the next cursor is the next in-area cell.
        try tmux.sendLiteral(sgr(35, screenColumn: layout.statusArea.x + 3, screenRow: 5))
        try tmux.sendLiteral(sgr(35, screenColumn: layout.playFrame.x, screenRow: 7))
        try tmux.sendLiteral(sgr(35, screenColumn: area.x + 18, screenRow: area.y + 6))
        cursor = try await waitForCursor(player2, after: seen)
        seen += 1
        #expect((cursor.x, cursor.y) == point(18, 6) && (cursor.leftClick, cursor.rightClick) == (false, false))

        // Left press, drag, release.
        try tmux.sendLiteral(sgr(0, screenColumn: area.x + 18, screenRow: area.y + 6))
        cursor = try await waitForCursor(player2, after: seen)
        seen += 1
        #expect((cursor.x, cursor.y) == point(18, 6) && (cursor.leftClick, cursor.rightClick) == (true, false))
        try tmux.sendLiteral(sgr(32, screenColumn: area.x + 19, screenRow: area.y + 6))
        cursor = try await waitForCursor(player2, after: seen)
        seen += 1
        #expect((cursor.x, cursor.y) == point(19, 6) && (cursor.leftClick, cursor.rightClick) == (true, false))
        try tmux.sendLiteral(sgr(0, screenColumn: area.x + 19, screenRow: area.y + 6, release: true))
        cursor = try await waitForCursor(player2, after: seen)
        seen += 1
        #expect((cursor.x, cursor.y) == point(19, 6) && (cursor.leftClick, cursor.rightClick) == (false, false))

        // Right press and release at the bottom-right cell of the play area.
        let corner = (column: area.maxX - 1, row: area.maxY - 1)
        try tmux.sendLiteral(sgr(2, screenColumn: corner.column, screenRow: corner.row))
        cursor = try await waitForCursor(player2, after: seen)
        seen += 1
        #expect((cursor.x, cursor.y) == point(area.width - 1, area.height - 1) && (cursor.leftClick, cursor.rightClick) == (false, true))
        try tmux.sendLiteral(sgr(2, screenColumn: corner.column, screenRow: corner.row, release: true))
        cursor = try await waitForCursor(player2, after: seen)
        seen += 1
        #expect((cursor.x, cursor.y) == point(area.width - 1, area.height - 1) && (cursor.leftClick, cursor.rightClick) == (false, false))

        // player2 moves: its cursor and name appear at its cell in player1's play area.
        let (x, y) = point(30, 12)
        try await player2.move(x: x, y: y)
        try await waitUntil("player2's cursor at 30,12 on screen", screen: tmux) {
            let lines = try tmux.capture().split(separator: "\n", omittingEmptySubsequences: false)
            let row = area.y + 12
            guard row < lines.count else { return false }
            let line = Array(lines[row])
            let column = area.x + 30
            return line.count > column + 7 && String(line[column...(column + 7)]) == "*player2"
        }

        // The status pane: pings counted and logged with their length and round trip.
        try await waitUntil("two pings in the status pane", screen: tmux) {
            let screen = try tmux.capture()
            guard let match = screen.firstMatch(of: /pings   (\d+)/), let count = Int(match.1) else { return false }
            return count >= 2 && screen.contains("time      len  rtt") && screen.contains(/\d\d:\d\d:\d\d +\d+  \d+\.\d+ ms/)
        }
        let screen = try tmux.capture()
        #expect(screen.contains("you     player1"))
        #expect(screen.contains("player2 \(x),\(y)"))
        #expect(screen.contains("server  127.0.0.1:\(port)"))

        try tmux.sendKey("q")
        try await expectRestored(tmux, rcFile: rcFile, exit: 0)
        // Quitting ends nothing for the others: player2 hears player1 leave and plays on.
        let goodbye = try await player2.nextLogout()
        #expect(goodbye.username == "player1" && goodbye.reason == "logged out")
        _ = try await player2.nextPing()
        #expect(player2.isOpen)
        await player2.close()
    }

    /// Whether `text` is on the screen starting at screen cell (`column`, `row`).
    func screen(_ tmux: Tmux, shows text: String, column: Int, row: Int) throws -> Bool {
        let lines = try tmux.capture().split(separator: "\n", omittingEmptySubsequences: false)
        guard row < lines.count else { return false }
        let line = Array(lines[row])
        guard column + text.count <= line.count else { return false }
        return String(line[column..<(column + text.count)]) == text
    }

    @Test("a second mousy joins from another terminal and each sees the other's cursor")
    func twoTerminals() async throws {
        let first = try Tmux(columns: Self.columns, rows: Self.rows)
        defer { first.close() }
        let second = try Tmux(columns: Self.columns, rows: Self.rows)
        defer { second.close() }
        let firstRC = try launch(first, "play --port 0")
        let port = try await first.waitForLogin()
        let secondRC = try launch(second, "play --server 127.0.0.1:\(port) --user player2")
        _ = try await second.waitForLogin()
        try await waitUntil("both to count 2 online", screen: second) {
            let one = try first.capture()
            let two = try second.capture()
            return one.contains("online  2") && two.contains("online  2")
        }
        let area = Layout(columns: Self.columns, rows: Self.rows).playArea
        // player2 moves to play cell (30, 12): player1 sees "*player2" there.
        try second.sendLiteral(sgr(35, screenColumn: area.x + 30, screenRow: area.y + 12))
        try await waitUntil("player2's cursor on player1's screen", screen: first) {
            try screen(first, shows: "*player2", column: area.x + 30, row: area.y + 12)
        }
        // player1 presses the left button at (5, 3): player2 sees "Lplayer1" there.
        try first.sendLiteral(sgr(0, screenColumn: area.x + 5, screenRow: area.y + 3))
        try await waitUntil("player1's held cursor on player2's screen", screen: second) {
            try screen(second, shows: "Lplayer1", column: area.x + 5, row: area.y + 3)
        }
        try first.sendLiteral(sgr(0, screenColumn: area.x + 5, screenRow: area.y + 3, release: true))
        try await waitUntil("player1's released cursor on player2's screen", screen: second) {
            try screen(second, shows: "*player1", column: area.x + 5, row: area.y + 3)
        }
        // player2 leaves: player1's screen drops it.
        try second.sendKey("q")
        try await expectRestored(second, rcFile: secondRC, exit: 0)
        try await waitUntil("player2 gone from player1's screen", screen: first) {
            let screen = try first.capture()
            return !screen.contains("player2") && screen.contains("online  1")
        }
        try first.sendKey("q")
        try await expectRestored(first, rcFile: firstRC, exit: 0)
    }

    @Test("a signal ends mousy with the terminal restored", arguments: [
        ("C-c", SIGINT), ("", SIGTERM), ("", SIGHUP),
    ])
    func signalsRestoreTheTerminal(key: String, signal: Int32) async throws {
        let tmux = try Tmux(columns: Self.columns, rows: Self.rows)
        defer { tmux.close() }
        let rcFile = try launch(tmux, "play --port 0")
        _ = try await tmux.waitForLogin()
        #expect(try tmux.display("#{mouse_any_flag}") == "1")
        if key.isEmpty {
            let pid = try #require(try tmux.process(named: "mousy"))
            #expect(kill(pid, signal) == 0)
        } else {
            try tmux.sendKey(key)
        }
        try await expectRestored(tmux, rcFile: rcFile, exit: 128 + Int(signal))
    }

    @Test("Ctrl-Z gives the terminal back and fg takes it again (started by the shell, or through another process)",
          arguments: [true, false])
    func suspendAndResume(direct: Bool) async throws {
        let tmux = try Tmux(columns: Self.columns, rows: Self.rows)
        defer { tmux.close() }
        let rcFile = try launch(tmux, "play --port 0", direct: direct)
        _ = try await tmux.waitForLogin()
        let pid = try #require(try tmux.process(named: "mousy"))
        try tmux.sendKey("C-z")
        try await waitUntil("mousy to stop with the terminal restored", screen: tmux) {
            let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
            let state = stat.split(separator: ")").last?.split(separator: " ").first
            let alternate = try tmux.display("#{alternate_on}")
            let mouse = try tmux.display("#{mouse_any_flag}")
            return state == "T" && alternate == "0" && mouse == "0"
        }
        #expect(try tmux.display("#{cursor_flag}") == "1")
        if direct {
            try await waitUntil("bash to report the stopped job", screen: tmux) { try tmux.capture().contains("Stopped") }
        }
        // (Through sh, bash reports the job as soon as sh stops, and mousy's return to the
        // main screen may then hide that line; mousy being stopped is what matters.)
        try tmux.type("fg")
        try await waitUntil("mousy to take the terminal again", screen: tmux) {
            let alternate = try tmux.display("#{alternate_on}")
            let mouse = try tmux.display("#{mouse_any_flag}")
            let screen = try tmux.capture()
            return alternate == "1" && mouse == "1" && screen.contains("logged in") && screen.contains("online  1")
        }
        try tmux.sendKey("q")
        try await waitUntil("mousy to exit", screen: tmux) {
            !FileManager.default.fileExists(atPath: "/proc/\(pid)")
                || ((try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8))?.contains(") Z ") ?? true)
        }
        if direct { try recordExitCode(tmux, in: rcFile) }
        try await expectRestored(tmux, rcFile: rcFile, exit: 0)
    }

    @Test("? shows and hides the help, Esc closes it too; m turns mouse capture off and on")
    func keys() async throws {
        let tmux = try Tmux(columns: Self.columns, rows: Self.rows)
        defer { tmux.close() }
        let rcFile = try launch(tmux, "play --port 0")
        let port = try await tmux.waitForLogin()
        try tmux.sendKey("?")
        try await waitUntil("the help overlay", screen: tmux) {
            let screen = try tmux.capture()
            return screen.contains("Others join with:") && screen.contains("mousy play --server 127.0.0.1:\(port) --user NAME")
        }
        #expect(try tmux.capture().contains("Top line: state · reason · last heard"), "the overlay explains the status fields")
        try tmux.sendKey("?")
        try await waitUntil("the help overlay to close", screen: tmux) { !(try tmux.capture()).contains("Others join with:") }
        try tmux.sendKey("?")
        try await waitUntil("the help overlay again", screen: tmux) { try tmux.capture().contains("Others join with:") }
        try tmux.sendKey("Escape")
        try await waitUntil("Esc to close the help overlay", screen: tmux) { !(try tmux.capture()).contains("Others join with:") }
        try tmux.sendKey("m")
        try await waitUntil("mouse capture off", screen: tmux) {
            let mouse = try tmux.display("#{mouse_any_flag}")
            let standard = try tmux.display("#{mouse_standard_flag}")
            let screen = try tmux.capture()
            return mouse == "0" && standard == "0" && screen.contains("mouse   off (m to capture)")
        }
        try tmux.sendKey("m")
        try await waitUntil("mouse capture on again", screen: tmux) {
            let mouse = try tmux.display("#{mouse_any_flag}")
            let screen = try tmux.capture()
            return mouse == "1" && screen.contains("mouse   captured")
        }
        try tmux.sendKey("q")
        try await expectRestored(tmux, rcFile: rcFile, exit: 0)
    }

    @Test("a resize relayouts, with a notice when the terminal is too small")
    func resize() async throws {
        let tmux = try Tmux(columns: Self.columns, rows: Self.rows)
        defer { tmux.close() }
        let rcFile = try launch(tmux, "play --port 0")
        _ = try await tmux.waitForLogin()
        try tmux.resize(columns: 30, rows: 10)
        try await waitUntil("the too-small notice", screen: tmux) {
            let screen = try tmux.capture()
            return screen.contains("Terminal too small") && screen.contains("have 30x10")
        }
        try tmux.resize(columns: 50, rows: 20)
        try await waitUntil("the stacked layout at 50x20", screen: tmux) {
            let lines = try tmux.capture().split(separator: "\n", omittingEmptySubsequences: false)
            let layout = Layout(columns: 50, rows: 20)
            return lines.count > layout.statusArea.y && lines[layout.statusArea.y].contains("logged in")
        }
        try tmux.sendKey("q")
        try await expectRestored(tmux, rcFile: rcFile, exit: 0)
    }
}
