import Messages
import Net
import NIOCore
import Testing
@testable import GameUI

/// The one update that `mousy play` and SSH sessions share: every kind of input in, the
/// state changed and the driver's commands out, as values.
@Suite("GameModel: one update for keys, mouse, network, Esc and resizes")
struct GameModelTests {
    private let layout = Layout(columns: 100, rows: 30)
    private let now: UInt64 = 1_700_000_000_000_000

    private func model(reconnects: Bool = true) -> GameModel {
        GameModel(state: GameState(username: "me", serverAddress: "127.0.0.1:7777"), layout: layout, reconnects: reconnects)
    }

    private func bytes(_ text: String) -> GameModel.Input { .terminal(ArraySlice(Array(text.utf8))) }

    private func network(_ event: ClientEvent) -> GameModel.Input { .network(event, now: now) }

    private var welcome: LoginResult {
        .with {
            $0.ok = true
            $0.playersOnline = 2
            $0.pingIntervalMs = 1000
        }
    }

    @Test("a mouse report becomes a MouseMove of the world point; m toggles capture; Enter, text, Enter sends a chat line once logged in")
    func keysAndMouse() {
        var model = model()
        let moved = model.update(bytes("\u{1B}[<35;12;7M"))  // motion at play cell (10, 5)
        let point = WorldMapping(layout: layout, world: .original).point(of: PlayCell(x: 10, y: 5))
        #expect(moved == [.move(.with { $0.x = point.x; $0.y = point.y }), .redraw])
        #expect(model.update(bytes("m")).first == .captureMouse(false))
        #expect(!model.state.mouseCaptured)
        #expect(model.update(bytes("\r")) == [.redraw])
        #expect(model.state.chatEditor != nil)
        #expect(model.update(bytes("hi")) == [.redraw])
        #expect(model.update(bytes("\r")) == [.redraw], "not connected: nothing is sent")
        _ = model.update(network(.loggedIn(welcome: welcome)))
        _ = model.update(bytes("\rhi"))
        #expect(model.update(bytes("\r")) == [.send(.chat(.with { $0.text = "hi" })), .redraw])
        #expect(model.state.chatEditor == nil)
    }

    @Test("q quits; on a red refusal it quits with that refusal to report")
    func quit() {
        var model = model()
        #expect(model.update(bytes("q")) == [.quit(failure: nil)])
        _ = model.update(network(.refused(reason: "bad credentials")))
        #expect(model.update(bytes("q")) == [.quit(failure: "bad credentials")])
    }

    @Test("a lone Esc closes the help only when the timer says nothing followed")
    func escape() {
        var model = model()
        #expect(model.update(bytes("?")) == [.redraw])
        #expect(model.update(bytes("\u{1B}")).isEmpty)
        #expect(model.hasLoneEscape && model.state.showHelp)
        #expect(model.update(.escapeTimedOut) == [.redraw])
        #expect(!model.state.showHelp)
        #expect(model.update(.escapeTimedOut).isEmpty)
    }

    @Test("a resize to a new size redraws; to the same size, nothing")
    func resize() {
        var model = model()
        #expect(model.update(.resize(layout)).isEmpty)
        #expect(model.update(.resize(Layout(columns: 80, rows: 24))) == [.redraw])
        #expect(model.layout == Layout(columns: 80, rows: 24))
    }

    @Test("network events change the state: login, pings with the count, cursors, departures, chat")
    func networkEvents() {
        var model = model()
        #expect(model.update(network(.connecting(ServerAddress(host: "127.0.0.1", port: 7777), attempt: 1))) == [.redraw])
        #expect(model.update(network(.loggedIn(welcome: welcome))) == [.redraw])
        #expect(model.state.everLoggedIn)
        _ = model.update(network(.ping(PingReport(length: 9, roundTripMicros: 1_500, roundTripFromServer: true,
                                                 sentEpochMicros: now, receivedAtMicros: now, playersOnline: 3))))
        #expect(model.state.playersOnline == 3)
        #expect(model.state.pingLog.last?.roundTripMicros == 1_500)
        _ = model.update(network(.cursor(.with { $0.username = "ann"; $0.x = 400; $0.y = 300 })))
        #expect(model.state.sortedPlayers.map(\.name) == ["ann"])
        _ = model.update(network(.message(.chat(.with { $0.sender = "ann"; $0.text = "hello" }))))
        #expect(model.state.chatLog.last?.text == "hello")
        _ = model.update(network(.playerLeft(username: "ann", reason: "quit")))
        #expect(model.state.sortedPlayers.isEmpty)
    }

    @Test("where the client reconnects (play) a drop is shown and play goes on; a first failure ends it at stop")
    func reconnecting() {
        var model = model(reconnects: true)
        _ = model.update(network(.loggedIn(welcome: welcome)))
        #expect(model.update(network(.disconnected(reason: "connection reset"))) == [.redraw])
        #expect(model.update(network(.reconnecting(in: .seconds(2)))) == [.redraw])
        #expect(model.update(network(.stopped)) == [.redraw], "after playing, the screen stays on a server gone")

        var never = self.model(reconnects: true)
        _ = never.update(network(.disconnected(reason: "Nothing is listening at 127.0.0.1:7777.")))
        #expect(never.update(network(.stopped)) == [.finished(failure: "Nothing is listening at 127.0.0.1:7777."), .redraw])
    }

    @Test("where one connection is the session (SSH) a refusal or a drop ends it, with the reason")
    func oneConnection() {
        var refused = model(reconnects: false)
        #expect(refused.update(network(.refused(reason: "bad credentials"))) == [.finished(failure: "bad credentials"), .redraw])
        var dropped = model(reconnects: false)
        _ = dropped.update(network(.loggedIn(welcome: welcome)))
        #expect(dropped.update(network(.disconnected(reason: "server shutting down"))) == [.finished(failure: "server shutting down"), .redraw])
    }
}
