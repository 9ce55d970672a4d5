import DevServer
import Foundation
import GameUI
import Logging
import Messages
import TestSupport
import Testing
@testable import MousyTUI

/// Starting and refusing: hosting on a free port, two plain `mousy` in one game, watch
/// beside play, and the one-sentence failures.
extension EndToEndTests {
    @Test("plain `mousy` hosts on a free port when the default port is held by something that is not a game server, and says so")
    func portTaken() async throws {
        // Hold the default port ($MOUSY_PORT, so that no real 7777 is involved) with a
        // listener that never answers: not a game server.
        let holder = try HeldPort()
        defer { holder.close() }
        let port = holder.port

        let tmux = try Tmux(columns: Self.columns, rows: Self.rows)
        defer { tmux.close() }
        let rcFile = try launch(tmux, "", environment: "MOUSY_PORT=\(port)")
        let hosted = try await tmux.waitForLogin()
        #expect(hosted != port)
        let screen = try tmux.capture()
        #expect(screen.contains("server  127.0.0.1:\(hosted)"))
        // The note wraps in the narrow pane: read the pane's lines as one text.
        let pane = Layout(columns: Self.columns, rows: Self.rows).statusArea
        let paneText = screen.split(separator: "\n").map { line in
            String(Array(line).dropFirst(pane.x).prefix(pane.width)).trimmingCharacters(in: .whitespaces)
        }.joined(separator: " ")
        #expect(paneText.contains("started the game on \(hosted) (\(port) is used by another program)"), "\(paneText)")
        #expect(screen.contains("you     player1"))
        try tmux.sendKey("q")
        try await expectRestored(tmux, rcFile: rcFile, exit: 0)
    }

    @Test("an explicit --port held by something that is not a game server is one sentence with the fix")
    func explicitPortTaken() async throws {
        let holder = try HeldPort()
        defer { holder.close() }
        let port = holder.port
        let tmux = try Tmux(columns: Self.columns, rows: Self.rows)
        defer { tmux.close() }
        let rcFile = try launch(tmux, "play --port \(port)")
        try await expectRestored(tmux, rcFile: rcFile, exit: 1)
        #expect(try tmux.capture().replacingOccurrences(of: "\n", with: "").contains(
            "Error: Port \(port) on 127.0.0.1 is in use by a program that is not a Mousy game server; choose another --port (0 picks a free one)."))
    }

    @Test("two plain `mousy` end up in the same game under different names; the pane says who started it")
    func secondTerminalJoins() async throws {
        let port = QuietPort.next()
        let first = try Tmux(columns: Self.columns, rows: Self.rows)
        defer { first.close() }
        let second = try Tmux(columns: Self.columns, rows: Self.rows)
        defer { second.close() }
        let firstRC = try launch(first, "", environment: "MOUSY_PORT=\(port)")
        #expect(try await first.waitForLogin() == port)
        #expect(try first.capture().contains("started the game on \(port) "))
        let secondRC = try launch(second, "", environment: "MOUSY_PORT=\(port)")
        #expect(try await second.waitForLogin() == port)
        try await waitUntil("both to count 2 online, as player1 and player2", screen: second) {
            let one = try first.capture()
            let two = try second.capture()
            return one.contains("online  2") && two.contains("online  2")
                && one.contains("you     player1") && two.contains("you     player2")
        }
        #expect(try second.capture().contains("joined the game on \(port) "))
        // The game logs to a file named with its port, in its starter's directory; the
        // joiner starts nothing.
        let log = first.directory.appendingPathComponent("cache/mousy/server-\(port).log").path
        #expect(await eventually {
            ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").contains("ACCESS GRANTED FOR Username: player2")
        })
        #expect(!FileManager.default.fileExists(atPath: first.directory.appendingPathComponent("cache/mousy/server.log").path))
        let joinerLogs = (try? FileManager.default.contentsOfDirectory(atPath: second.directory.appendingPathComponent("cache/mousy").path)) ?? []
        #expect(!joinerLogs.contains { $0.hasPrefix("server") }, "\(joinerLogs)")
        // The two really share one game: player2's cursor shows on player1's screen.
        let area = Layout(columns: Self.columns, rows: Self.rows).playArea
        try second.sendLiteral(sgr(35, screenColumn: area.x + 30, screenRow: area.y + 12))
        try await waitUntil("player2's cursor on player1's screen", screen: first) {
            try screen(first, shows: "*player2", column: area.x + 30, row: area.y + 12)
        }
        // The ping log's heads stand over their columns on the real screen.
        try await waitUntil("a ping with a round trip in the log", screen: first) {
            try first.capture().contains(/\d\d:\d\d:\d\d +\d+  \d+\.\d\d ms/)
        }
        let lines = try first.capture().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let headerRow = try #require(lines.firstIndex { $0.contains(StatusPane.pingLogHeader) })
        let header = lines[headerRow]
        let row = lines[(headerRow + 1)...].first { $0.contains(/\d\d:\d\d:\d\d +\d+  \d+\.\d\d ms/) } ?? ""
        let headerColumns = Array(header)
        let rowColumns = Array(row)
        let lenEnd = try #require(header.range(of: "len")).upperBound.utf16Offset(in: header) - 1
        let rttStart = try #require(header.range(of: "rtt")).lowerBound.utf16Offset(in: header)
        #expect(headerColumns.count > rttStart && rowColumns.count > rttStart + 4)
        #expect(rowColumns[lenEnd].isNumber && rowColumns[lenEnd + 1] == " ", "\(header)\n\(row)")
        #expect(rowColumns[rttStart].isNumber && rowColumns[rttStart - 1] == " ", "\(header)\n\(row)")
        try second.sendKey("q")
        try await expectRestored(second, rcFile: secondRC, exit: 0)
        try first.sendKey("q")
        try await expectRestored(first, rcFile: firstRC, exit: 0)
    }

    @Test("two plain `mousy` started at the same moment still share one game under different names")
    func simultaneousStart() async throws {
        let port = QuietPort.next()
        let first = try Tmux(columns: Self.columns, rows: Self.rows)
        defer { first.close() }
        let second = try Tmux(columns: Self.columns, rows: Self.rows)
        defer { second.close() }
        let firstRC = try launch(first, "", environment: "MOUSY_PORT=\(port)")
        let secondRC = try launch(second, "", environment: "MOUSY_PORT=\(port)")
        #expect(try await first.waitForLogin() == port)
        #expect(try await second.waitForLogin() == port)
        try await waitUntil("both in one game, one hosting and one joined, as player1 and player2", screen: second) {
            let screens = [try first.capture(), try second.capture()]
            let names = Set(screens.compactMap { $0.firstMatch(of: /you     (player\d+)/).map { String($0.1) } })
            return screens.allSatisfy { $0.contains("online  2") } && names == ["player1", "player2"]
                && screens.contains { $0.contains("started the game on \(port) ") }
                && screens.contains { $0.contains("joined the game on \(port) ") }
        }
        let joinerIsSecond = try second.capture().contains("joined the game")
        let (joiner, joinerRC, host, hostRC) = joinerIsSecond ? (second, secondRC, first, firstRC) : (first, firstRC, second, secondRC)
        try joiner.sendKey("q")
        try await expectRestored(joiner, rcFile: joinerRC, exit: 0)
        try host.sendKey("q")
        try await expectRestored(host, rcFile: hostRC, exit: 0)
    }

    @Test("`mousy watch` beside `mousy`, both with their default names")
    func watchBesidePlay() async throws {
        let port = QuietPort.next()
        let tmux = try Tmux(columns: Self.columns, rows: Self.rows)
        defer { tmux.close() }
        let rcFile = try launch(tmux, "", environment: "MOUSY_PORT=\(port)")
        #expect(try await tmux.waitForLogin() == port)
        let run = try await MousyProcess.run(["watch", "--count", "2"], environment: ["MOUSY_PORT": "\(port)"])
        #expect(run.status == 0, "\(run.stderr)")
        // A spectator: not counted among the players, and it says who plays.
        #expect(run.stderr.contains("Logged in to 127.0.0.1:\(port) as watcher, 1 online."), "\(run.stderr)")
        #expect(run.stdout.split(separator: "\n").filter(WatchCommandTests.isPingLine).count == 2, "\(run.stdout)")
        #expect(run.stdout.contains("player1 is playing"), "\(run.stdout)")
        // The README's example, with the server given, works as well while the game runs.
        let second = try await MousyProcess.run(["watch", "--server", "127.0.0.1:\(port)", "--count", "1"])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stderr.contains("as watcher"), "\(second.stderr)")
        try tmux.sendKey("q")
        try await expectRestored(tmux, rcFile: rcFile, exit: 0)
    }

    @Test("MOUSY_PASSWORD is the password of mousy play")
    func passwordFromEnvironment() async throws {
        var configuration = ServerConfiguration()
        configuration.port = 0
        configuration.password = "s3cret"
        configuration.statsInterval = nil
        let server = GameServer(configuration: configuration, logger: Logger(label: "e2e", factory: { _ in SwiftLogNoOpLogHandler() }))
        let port = try await server.start()
        let tmux = try Tmux(columns: Self.columns, rows: Self.rows)
        defer { tmux.close() }
        let rcFile = try launch(tmux, "play --server 127.0.0.1:\(port)", environment: "MOUSY_PASSWORD=s3cret")
        #expect(try await tmux.waitForLogin() == port)
        #expect(try tmux.capture().contains("you     player1"))
        try tmux.sendKey("q")
        try await expectRestored(tmux, rcFile: rcFile, exit: 0)
        await server.shutdown()
    }

    @Test("TERM=dumb is refused with one sentence and a non-zero exit")
    func dumbTerminal() async throws {
        let tmux = try Tmux(columns: Self.columns, rows: Self.rows)
        defer { tmux.close() }
        let rcFile = try launch(tmux, "play --port 0", term: "dumb")
        try await expectRestored(tmux, rcFile: rcFile, exit: 1)
        // The sentence is longer than a line of the terminal: join the wrapped lines.
        #expect(try tmux.capture().replacingOccurrences(of: "\n", with: "").contains("Error: The terminal type \"dumb\" cannot move the cursor, which mousy play needs; run it in a full terminal (e.g. TERM=xterm-256color)."))
    }

    @Test("on a terminal without an alternate screen (vt100), q leaves no frame behind")
    func noAlternateScreen() async throws {
        let tmux = try Tmux(columns: Self.columns, rows: Self.rows)
        defer { tmux.close() }
        let rcFile = try launch(tmux, "play --port 0", term: "vt100")
        _ = try await tmux.waitForLogin()
        #expect(try tmux.capture().contains(" status "))
        try tmux.sendKey("q")
        try await expectRestored(tmux, rcFile: rcFile, exit: 0)
        let screen = try tmux.capture()
        #expect(!screen.contains(" status ") && !screen.contains("logged in"), "\(screen)")
    }

    @Test("the top line: logged in with the last contact, then reconnecting with the reason and its age, rtt -")
    func topLine() async throws {
        let started = try await TestServer.start(logLevel: .critical)
        let (server, port) = (started.server, started.port)
        let tmux = try Tmux(columns: Self.columns, rows: Self.rows)
        defer { tmux.close() }
        let rcFile = try launch(tmux, "play --server 127.0.0.1:\(port)")
        try await waitUntil("logged in, with the age of the last contact", screen: tmux) {
            let screen = try tmux.capture()
            return screen.contains("logged in · last heard") && screen.contains(/rtt     \d/)
        }
        await server.shutdown()
        try await waitUntil("reconnecting, with the reason and the last contact's age", screen: tmux) {
            let screen = try tmux.capture().replacingOccurrences(of: "\n", with: " ")
            return screen.contains("reconnecting in") && screen.contains("shutting") && screen.contains("last heard")
                && screen.contains("rtt     -")
        }
        try tmux.sendKey("q")
        try await expectRestored(tmux, rcFile: rcFile, exit: 0)
    }

    @Test("a refused login ends with the server's reason in one sentence and a non-zero exit")
    func refusedLogin() async throws {
        var configuration = ServerConfiguration()
        configuration.port = 0
        configuration.statsInterval = nil
        let server = GameServer(configuration: configuration, logger: Logger(label: "e2e", factory: { _ in SwiftLogNoOpLogHandler() }))
        let port = try await server.start()
        let tmux = try Tmux(columns: Self.columns, rows: Self.rows)
        defer { tmux.close() }
        let rcFile = try launch(tmux, "play --server 127.0.0.1:\(port) --password wrong")
        try await expectRestored(tmux, rcFile: rcFile, exit: 1)
        await server.shutdown()
        let screen = try tmux.capture()
        #expect(screen.contains("127.0.0.1:\(port)"))
        #expect(screen.contains("refused"))
        #expect(screen.contains(/Error: [A-Z][^\n]*\./))
    }

    @Test("an unknown terminal type ends with one plain sentence and a non-zero exit")
    func unknownTerminal() async throws {
        let tmux = try Tmux(columns: Self.columns, rows: Self.rows)
        defer { tmux.close() }
        let rcFile = try launch(tmux, "play --port 0", term: "no-such-terminal")
        try await expectRestored(tmux, rcFile: rcFile, exit: 1)
        #expect(try tmux.capture().contains("Error: Cannot use the terminal type \"no-such-terminal\""))
    }

    @Test("a server that is not there ends with one plain sentence and a non-zero exit")
    func unreachableServer() async throws {
        let tmux = try Tmux(columns: Self.columns, rows: Self.rows)
        defer { tmux.close() }
        let rcFile = try launch(tmux, "play --server 127.0.0.1:1")
        try await expectRestored(tmux, rcFile: rcFile, exit: 1)
        let screen = try tmux.capture()
        #expect(screen.contains("127.0.0.1:1"))
        #expect(screen.contains(/Error: [A-Z][^\n]*\./))
    }
}
