import Messages
import NIOCore
@testable import Net
import Testing

/// The version handshake, as the session keeps it: what it lists, and what it sends to
/// a server that lists or does not list a kind (PROTOCOL.md, "Evolving the protocol").
@Suite("ClientSession handshake")
struct ClientSessionHandshakeTests {
    static func loggedIn(_ welcome: WireMessage?) -> ClientSession {
        var session = ClientSessionTests.session()
        _ = session.start()
        _ = session.connected()
        // nil: an original server, whose first ping means logged in.
        _ = session.received(welcome ?? .ping(.with { $0.sentEpoch = 1 }))
        return session
    }

    static func welcome(understands: [MType]) -> WireMessage {
        .loginResult(.with {
            $0.ok = true
            $0.pingIntervalMs = 1000
            $0.understands = understands
        })
    }

    static func notices(in actions: [ClientSession.Action]) -> [String] {
        actions.compactMap {
            if case .post(.message(.chat(let chat))) = $0, chat.sender.isEmpty { chat.text } else { nil }
        }
    }

    @Test("the login lists every type of the table")
    func lists() {
        var session = ClientSessionTests.session()
        _ = session.start()
        let login = ClientSessionTests.logins(in: session.connected()).first
        #expect(login?.understands == MType.framed)
        #expect(MessageKinds(login?.understands ?? []) == .all)
    }

    @Test("a chat line goes to a server that lists CHAT: the sender left to the server, the text cut to fit")
    func chatToNewServer() {
        var session = Self.loggedIn(Self.welcome(understands: MType.framed))
        #expect(session.serverUnderstands.contains(.chat))
        let long = String(repeating: "ü", count: 200)
        let actions = session.send(.chat(.with {
            $0.sender = "someone else"
            $0.text = long
        }))
        guard case .send(.chat(let sent))? = actions.first, actions.count == 1 else {
            Issue.record("expected one CHAT sent, got \(actions)")
            return
        }
        #expect(sent.sender.isEmpty)
        #expect(sent.text == String(repeating: "ü", count: Chat.maximumTextBytes / 2))
    }

    @Test("a server that announces nothing, or lists no CHAT, is sent no chat: the player is told", arguments: [
        nil, welcome(understands: []), welcome(understands: [.playerLogin, .mouseEvent, .pingEvent, .playerLogout]),
    ])
    func chatToOldServer(welcome: WireMessage?) {
        var session = Self.loggedIn(welcome)
        #expect(!session.serverUnderstands.contains(.chat))
        let actions = session.send(.chat(.with { $0.text = "hello" }))
        #expect(!actions.contains { if case .send = $0 { true } else { false } })
        #expect(Self.notices(in: actions) == [ClientSession.noChatNotice])
    }

    @Test("a server that announces nothing is sent only types 1-3 and 6")
    func unannouncedServer() {
        let session = Self.loggedIn(nil)
        #expect(session.serverUnderstands == .unannouncedServer)
        #expect(session.serverUnderstands.types == [.playerLogin, .mouseEvent, .pingEvent, .playerLogout])
    }

    @Test("a chat line from the server is handed to the UI, a notice (no sender) too")
    func chatReceived() {
        var session = Self.loggedIn(Self.welcome(understands: MType.framed))
        let line = WireMessage.chat(.with {
            $0.sender = "bob"
            $0.text = "hi"
        })
        #expect(session.received(line) == [.post(.message(line))])
        let notice = WireMessage.chat(.with { $0.text = "slow down" })
        #expect(session.received(notice) == [.post(.message(notice))])
    }
}
