import Foundation
import Messages
import NIOCore
@testable import Net
import Testing

/// The session's rules, without sockets: what each input makes it do.
@Suite("ClientSession")
struct ClientSessionTests {
    static let server = ServerAddress(host: "127.0.0.1", port: 7777)
    static let token = Data((0..<16).map { UInt8($0) })

    static func session(reconnect: Bool = true, fallbackSilence: TimeAmount? = .seconds(15)) -> ClientSession {
        ClientSession(rules: .init(
            server: server, username: "player1", password: "welcome", reconnect: reconnect,
            reconnectInitialDelay: .milliseconds(500), reconnectMaximumDelay: .seconds(8),
            fallbackSilence: fallbackSilence
        ))
    }

    static func welcome(intervalMs: UInt32 = 1000, token: Data = token) -> WireMessage {
        .loginResult(.with { $0.ok = true; $0.pingIntervalMs = intervalMs; $0.resumeToken = token })
    }

    static func refusal(_ reason: String) -> WireMessage {
        .loginResult(.with { $0.reason = reason })
    }

    static func logins(in actions: [ClientSession.Action]) -> [PlayerLogin] {
        actions.compactMap { if case .send(.playerLogin(let login)) = $0 { login } else { nil } }
    }

    static func moves(in actions: [ClientSession.Action]) -> [MouseMove] {
        actions.compactMap { if case .send(.mouseMove(let move)) = $0 { move } else { nil } }
    }

    static func reconnectDelay(in actions: [ClientSession.Action]) -> TimeAmount? {
        actions.lazy.compactMap { if case .scheduleReconnect(let delay) = $0 { delay } else { nil } }.first
    }

    /// A session logged in once, then dropped, and connected again: awaiting the second login.
    static func reconnected(_ session: inout ClientSession) -> [ClientSession.Action] {
        _ = session.start()
        _ = session.connected()
        _ = session.received(welcome())
        let ended = session.closed()
        #expect(reconnectDelay(in: ended) != nil)
        _ = session.reconnectDue()
        return session.connected()
    }

    @Test("the UI's messages for the server: the kinds the session sends itself or a server sends go nowhere")
    func sendOnlyOthers() {
        var session = Self.session()
        _ = session.start()
        _ = session.connected()
        _ = session.received(Self.welcome())
        let ownOrServers: [MType] = [.playerLogin, .mouseEvent, .playerLogout, .pingEvent, .loginResult, .playerCursor]
        for kind in ownOrServers {
            let message = kind.framedMessage!.init().wireMessage
            #expect(session.send(message) == [], "\(kind)")
        }
    }

    @Test("a first login carries no token; the welcome's interval sets the silence limit")
    func firstLogin() {
        var session = Self.session()
        #expect(session.start() == [.post(.connecting(Self.server, attempt: 1)), .connect])
        let login = session.connected()
        #expect(Self.logins(in: login).map(\.resumeToken) == [Data()])
        #expect(login.contains(.watchSilence(.seconds(15))), "before the welcome: the fallback")
        let welcomed = session.received(Self.welcome(intervalMs: 1000))
        #expect(session.state == .loggedIn)
        #expect(welcomed.contains(.watchSilence(.seconds(3))), "three missed pings of 1 s")
        #expect(session.resumeToken == Self.token)
    }

    @Test("the silence limit: three pings, never under 1.5 s, the fallback without an announcement")
    func silenceLimit() {
        #expect(ClientSession.silenceLimit(pingInterval: .seconds(20), fallback: .seconds(15)) == .seconds(60))
        #expect(ClientSession.silenceLimit(pingInterval: .milliseconds(100), fallback: .seconds(15)) == .milliseconds(1500))
        #expect(ClientSession.silenceLimit(pingInterval: .milliseconds(600), fallback: .seconds(15)) == .milliseconds(1800))
        #expect(ClientSession.silenceLimit(pingInterval: nil, fallback: .seconds(15)) == .seconds(15))
        #expect(ClientSession.silenceLimit(pingInterval: .seconds(1), fallback: nil) == nil)
    }

    @Test("an original server: the first ping logs in, silence stays at the fallback")
    func originalServer() {
        var session = Self.session()
        _ = session.start()
        _ = session.connected()
        var ping = Ping()
        ping.sentEpoch = 1
        let actions = session.received(.ping(ping))
        #expect(actions.first == .post(.loggedIn(welcome: nil)))
        #expect(actions.contains(.watchSilence(.seconds(15))))
        #expect(actions.last == .bounce(ping))
    }

    @Test("a reconnect presents the last welcome's token")
    func resumeToken() {
        var session = Self.session()
        let login = Self.reconnected(&session)
        #expect(Self.logins(in: login).map(\.resumeToken) == [Self.token])
    }

    @Test("'name already playing' on a reconnect is retried with the backoff, not final")
    func nameTakenOnReconnect() {
        var session = Self.session()
        _ = Self.reconnected(&session)
        let refused = session.received(Self.refusal("name already playing"))
        #expect(refused == [.close])
        #expect(!refused.contains { if case .post(.refused) = $0 { true } else { false } })
        let closed = session.closed()
        #expect(closed.first == .post(.disconnected(reason: "The server refused the login: name already playing.")))
        #expect(Self.reconnectDelay(in: closed) != nil)
        #expect(session.state == .waitingToReconnect)
        _ = session.reconnectDue()
        #expect(Self.logins(in: session.connected()).map(\.resumeToken) == [Self.token], "the token again")
    }

    @Test("'name already playing' on a first login, and any other refusal, are final", arguments: [
        (false, "name already playing"), (true, "bad credentials"),
    ])
    func finalRefusals(afterReconnect: Bool, reason: String) {
        var session = Self.session()
        if afterReconnect {
            _ = Self.reconnected(&session)
        } else {
            _ = session.start()
            _ = session.connected()
        }
        let refused = session.received(Self.refusal(reason))
        #expect(refused == [.post(.refused(reason: "The server refused the login: \(reason).")), .close])
        #expect(session.closed() == [.finish])
    }

    @Test("after a reconnect the last position is sent exactly once")
    func lastPositionOnce() {
        var session = Self.session()
        _ = session.start()
        _ = session.connected()
        _ = session.received(Self.welcome())
        var move = MouseMove()
        move.x = 12
        move.y = 5
        #expect(Self.moves(in: session.moved(move)) == [move])
        _ = session.closed()
        var later = move
        later.x = 13
        #expect(session.moved(later).isEmpty, "not sent while disconnected")
        _ = session.reconnectDue()
        #expect(Self.moves(in: session.connected()).isEmpty)
        let welcomed = session.received(Self.welcome())
        #expect(Self.moves(in: welcomed) == [later])
    }

    @Test("silence closes with a reason naming the limit; a drop after a login reconnects with backoff")
    func silence() {
        var session = Self.session()
        _ = session.start()
        _ = session.connected()
        _ = session.received(Self.welcome(intervalMs: 1000))
        #expect(session.fellSilent() == [.close])
        let closed = session.closed()
        #expect(closed.first == .post(.disconnected(reason: "The server has sent nothing for 3 s, so the connection was closed.")))
        #expect(Self.reconnectDelay(in: closed).map { $0 <= .milliseconds(500) } == true)
    }

    @Test("backoff doubles while reconnects fail, and starts over after a login")
    func backoff() {
        var session = Self.session()
        _ = session.start()
        _ = session.connected()
        _ = session.received(Self.welcome())
        var delays: [TimeAmount] = []
        delays.append(Self.reconnectDelay(in: session.closed())!)
        for _ in 0..<3 {
            _ = session.reconnectDue()
            delays.append(Self.reconnectDelay(in: session.connectFailed(reason: "refused"))!)
        }
        let bases: [TimeAmount] = [.milliseconds(500), .seconds(1), .seconds(2), .seconds(4)]
        for (delay, base) in zip(delays, bases) {
            #expect(delay <= base && delay >= .nanoseconds(base.nanoseconds * 3 / 4))
        }
        _ = session.reconnectDue()
        _ = session.connected()
        _ = session.received(Self.welcome())
        #expect(Self.reconnectDelay(in: session.closed())! <= .milliseconds(500))
    }

    @Test("a first connect that fails, a silent close before a login, and a drop without reconnect are final")
    func finalEnds() {
        var first = Self.session()
        _ = first.start()
        #expect(first.connectFailed(reason: "Could not connect.") == [.post(.disconnected(reason: "Could not connect.")), .finish])

        var silentClose = Self.session()
        _ = silentClose.start()
        _ = silentClose.connected()
        let refused = silentClose.closed()
        #expect(refused.count == 2 && refused.last == .finish)
        guard case .post(.refused) = refused.first else {
            Issue.record("expected a refusal, got \(refused)")
            return
        }

        var noReconnect = Self.session(reconnect: false)
        _ = noReconnect.start()
        _ = noReconnect.connected()
        _ = noReconnect.received(Self.welcome())
        #expect(noReconnect.closed() == [.post(.disconnected(reason: "The server closed the connection.")), .finish])
    }

    @Test("quit: a goodbye when logged in; a scheduled reconnect is cancelled")
    func quit() {
        var session = Self.session()
        _ = session.start()
        _ = session.connected()
        _ = session.received(Self.welcome())
        let goodbye = session.quit()
        #expect(goodbye.count == 2 && goodbye.last == .closeGracefully)
        guard case .send(.playerLogout(let logout)) = goodbye.first else {
            Issue.record("expected a goodbye, got \(goodbye)")
            return
        }
        #expect(logout.username == "player1" && logout.reason == "quit")
        #expect(session.closed() == [.finish])

        var waiting = Self.session()
        _ = Self.reconnected(&waiting)
        _ = waiting.fellSilent()
        _ = waiting.closed()
        #expect(waiting.quit() == [.cancelReconnect, .finish])
    }

    @Test("the server's goodbye to us becomes the reason; another's is a player leaving")
    func goodbyes() {
        var session = Self.session()
        _ = session.start()
        _ = session.connected()
        _ = session.received(Self.welcome())
        #expect(session.received(.playerLogout(.with { $0.username = "player2"; $0.reason = "quit" }))
                == [.post(.playerLeft(username: "player2", reason: "quit"))])
        #expect(session.received(.playerLogout(.with { $0.username = ""; $0.reason = "server shutting down" })).isEmpty)
        #expect(session.closed().first == .post(.disconnected(reason: "The server ended the session: server shutting down.")))
    }

    @Test("a goodbye under our name that pings follow was another session's: a later close is just closed")
    func staleGoodbye() {
        var session = Self.session()
        _ = session.start()
        _ = session.connected()
        _ = session.received(Self.welcome())
        // A trial login of the same name (mousy's probe) logging out, heard just after our login.
        #expect(session.received(.playerLogout(.with { $0.username = "player1"; $0.reason = "logged out" })).isEmpty)
        _ = session.received(.ping(.with { $0.sentEpoch = 1 }))
        // Then the server dies (SIGKILL): the kernel closes the connection, nothing is said.
        #expect(session.closed().first == .post(.disconnected(reason: "The server closed the connection.")))
    }
}
