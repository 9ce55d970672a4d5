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

    @Test("a refusal is red, with its reason")
    func refusedIsRed() {
        var state = GameState(username: "player1", serverAddress: "127.0.0.1:7777")
        state.connecting(attempt: 1)
        state.refused(reason: "The server refused the login: bad credentials.")
        let line = StatusPane.connectionLine(state, now: start)
        #expect(line.text == "refused · bad credentials")
        #expect(line.style == .error)
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
