import Messages
import Testing

@testable import GameUI

/// The status pane's top line (issue 10, "An honest top line"): state · reason · last heard.
@Suite("Status top line")
struct StatusTopLineTests {
    let start: UInt64 = 1_700_000_000_000_000

    func loggedIn(intervalMs: UInt32 = 1000) -> GameState {
        var state = GameState(username: "player1", serverAddress: "127.0.0.1:7777")
        state.connecting(attempt: 1)
        state.loggedIn(welcome: .with { $0.ok = true; $0.pingIntervalMs = intervalMs }, now: start)
        state.ping(length: 9, roundTripMicros: 410, receivedAtMicros: start)
        return state
    }

    @Test("logged in is green; stale is yellow and says so")
    func staleIsYellow() {
        let state = loggedIn()
        let fresh = StatusPane.connectionLine(state, now: start + 500_000)
        #expect(fresh.text == "logged in · last heard 0 s ago")
        #expect(fresh.style == .good)
        let stale = StatusPane.connectionLine(state, now: start + 4_200_000)
        #expect(stale.text == "logged in · stale: no pings · last heard 4 s ago")
        #expect(stale.style == .warning)
    }

    @Test("a drop shows the reason and the age of the last contact while reconnecting")
    func reconnecting() {
        var state = loggedIn()
        state.disconnected(reason: "The server ended the session: server shutting down.")
        state.reconnecting(inMicros: 4_000_000, now: start + 8_000_000)
        let line = StatusPane.connectionLine(state, now: start + 8_000_000)
        #expect(line.text == "reconnecting in 4 s · server shutting down · last heard 8 s ago")
        #expect(line.style == .warning)
        state.connecting(attempt: 2)
        #expect(StatusPane.connectionLine(state, now: start + 12_000_000).text
                == "connecting (attempt 2) · server shutting down · last heard 12 s ago")
        #expect(state.nextTimedChange(now: start + 12_500_000) == start + 13_000_000, "the age keeps counting")
    }

    @Test("failed retries keep the reason the session was lost on the top line; the latest failure shows under it")
    func retriesKeepTheReason() {
        var state = loggedIn()
        state.disconnected(reason: "The server ended the session: server shutting down.")
        for attempt in 2...4 {
            state.reconnecting(inMicros: 1_000_000, now: start)
            state.connecting(attempt: attempt)
            state.disconnected(reason: "Could not connect to 127.0.0.1:7777: the connection was refused (is the server running?).")
        }
        state.reconnecting(inMicros: 4_000_000, now: start + 8_000_000)
        #expect(state.lastDropReason == "The server ended the session: server shutting down.")
        let lines = StatusPane.lines(for: state, now: start + 8_000_000, width: 80, height: 20)
        #expect(lines[0] == StyledLine("reconnecting in 4 s · server shutting down · last heard 8 s ago", .warning))
        #expect(lines[1] == StyledLine("retry   the connection was refused (is the server running?)", .warning))
        let narrow = StatusPane.lines(for: state, now: start + 8_000_000, width: 30, height: 20).map(\.text)
        #expect(narrow[3...5] == ["retry   the connection was", "        refused (is the server", "        running?)"])

        // Back in: both are history.
        state.connecting(attempt: 5)
        state.loggedIn(welcome: .with { $0.ok = true }, now: start + 9_000_000)
        #expect(state.lastDropReason == nil && state.lastRetryFailure == nil)
        let up = StatusPane.lines(for: state, now: start + 9_000_000, width: 80, height: 20).map(\.text)
        #expect(!up.contains { $0.hasPrefix("retry") })
        // The next drop is the new reason, not the old retry failure.
        state.disconnected(reason: "The server closed the connection.")
        let down = StatusPane.lines(for: state, now: start + 9_000_000, width: 80, height: 20).map(\.text)
        #expect(down[0] == "disconnected · The server closed the connection · last heard 0 s ago")
        #expect(!down.contains { $0.hasPrefix("retry") })
    }

    @Test("a refusal is red, with its reason")
    func refusedIsRed() {
        var state = GameState(username: "player1", serverAddress: "127.0.0.1:7777")
        state.connecting(attempt: 1)
        state.refused(reason: "The server refused the login: bad credentials.")
        let line = StatusPane.connectionLine(state, now: start)
        #expect(line.text == "refused · bad credentials")
        #expect(line.style == .error)
    }

    @Test("a refusal on the way back replaces the retry line, and quitting then reports it")
    func refusalReplacesRetry() {
        var state = loggedIn()
        #expect(state.quitFailure == nil)
        state.disconnected(reason: "The server ended the session: server shutting down.")
        state.reconnecting(inMicros: 1_000_000, now: start)
        state.connecting(attempt: 2)
        state.disconnected(reason: "Could not connect to 127.0.0.1:7777: the connection was refused (is the server running?).")
        state.reconnecting(inMicros: 1_000_000, now: start)
        #expect(StatusPane.lines(for: state, now: start, width: 80, height: 20).map(\.text).contains { $0.hasPrefix("retry") })
        state.connecting(attempt: 3)
        state.refused(reason: "The server refused the login: bad credentials.")
        let lines = StatusPane.lines(for: state, now: start, width: 80, height: 20)
        #expect(lines[0] == StyledLine("refused · bad credentials", .error))
        #expect(!lines.contains { $0.text.hasPrefix("retry") || $0.text.contains("connection was refused") })
        #expect(state.quitFailure == "The server refused the login: bad credentials.")
    }

    @Test("the round trip reads - while not connected")
    func roundTripWhileDown() {
        var state = loggedIn()
        let up = StatusPane.lines(for: state, now: start, width: 60, height: 20).map(\.text)
        #expect(up.contains("rtt     0.41 ms"))
        state.disconnected(reason: "The server closed the connection.")
        let down = StatusPane.lines(for: state, now: start, width: 60, height: 20).map(\.text)
        #expect(down.contains("rtt     -"))
    }

    @Test("a long top line wraps in a narrow pane instead of losing the reason")
    func wraps() {
        var state = loggedIn()
        state.disconnected(reason: "The server ended the session: server shutting down.")
        state.reconnecting(inMicros: 4_000_000, now: start)
        let lines = StatusPane.lines(for: state, now: start, width: 24, height: 20).map(\.text)
        #expect(lines.prefix(3).joined(separator: " ").contains("server shutting down"))
        #expect(lines.allSatisfy { $0.count <= 24 })
    }

    @Test("the help overlay explains each status field")
    func helpExplainsFields() {
        let overlay = HelpText.overlay(for: loggedIn()).joined(separator: "\n")
        for field in ["last heard", "stale", "rtt", "online", "pings", "Esc"] {
            #expect(overlay.contains(field), "\(field)")
        }
    }
}
