import Foundation
import Messages
import NIOCore

/// The rules of one client's session with a game server, without sockets or clocks:
/// login, refusal, pings, silence, resume and backoff. Its owner feeds it what happened
/// (connected, a message, silence, a close, a quit) and carries out the ``Action``s it
/// returns, in order.
///
/// ``SessionDriver`` runs this one machine for every front: `mousy play` and `mousy watch`
/// (through ``GameClient``), SSH players, the start-up probe and each `mousy load` player.
public struct ClientSession: Sendable {
    /// Where the session is.
    public enum State: Sendable, Hashable {
        /// Not started.
        case idle
        /// A TCP connect is under way.
        case connecting
        /// Connected, login sent; waiting for LOGIN_RESULT or a first ping.
        case awaitingLogin
        /// The server accepted us.
        case loggedIn
        /// This connection is being closed; `retry`: a reconnect follows.
        case closing(retry: Bool)
        /// Waiting out the backoff before the next connect.
        case waitingToReconnect
        /// Goodbye sent; waiting for the close.
        case quitting
        /// Finished.
        case stopped
    }

    /// What the owner must do, in order.
    public enum Action: Sendable, Hashable {
        /// Open a new connection to the server (then report ``connected()`` or ``connectFailed(reason:)``).
        case connect
        /// Write this message on the connection and flush.
        case send(WireMessage)
        /// Bounce this ping (stamp it, send it back) and report it.
        case bounce(Ping)
        /// Close the connection now (then report ``closed()``).
        case close
        /// Close our side after what was written, and the connection soon after.
        case closeGracefully
        /// End the connection when nothing has come from the server for this long; replaces
        /// any earlier silence limit of the connection.
        case watchSilence(TimeAmount)
        /// Call ``reconnectDue()`` after this wait.
        case scheduleReconnect(TimeAmount)
        /// Forget the scheduled reconnect.
        case cancelReconnect
        /// Tell the UI.
        case post(ClientEvent)
        /// The session is over: nothing more will happen.
        case finish
    }

    /// The server's refusal that, during a reconnect, means our old session is still
    /// held: retried with the backoff (a resume token takes it over), never final.
    public static let nameTakenReason = RefusalReason.nameTaken.rawValue
    /// The shortest silence limit, however short the announced ping interval.
    public static let minimumSilence = TimeAmount.milliseconds(1500)
    /// Missed pings before the server counts as silent.
    public static let missedPingsForSilence: Int64 = 3

    public let rules: Rules
    public private(set) var state = State.idle
    /// Connect attempts since start or since the last session was established.
    public private(set) var attempt = 0
    /// A session was established once: from now on a drop means reconnect.
    public private(set) var everLoggedIn = false
    /// The token of the last accepted login, presented when reconnecting.
    public private(set) var resumeToken = Data()
    /// The ping interval the server announced, nil if none (an original server).
    public private(set) var announcedPingInterval: TimeAmount?
    /// The server answered the login with LOGIN_RESULT (this project's server): its pings
    /// carry the round trip it measured (`rtt_us`), once it has had a bounce back.
    public private(set) var serverReportsRoundTrip = false
    /// The frame types the server understands, from its LOGIN_RESULT (types 1-3 and 6 when
    /// it announced none, as an original server): the session sends it no other.
    public private(set) var serverUnderstands = MessageKinds.unannouncedServer
    /// The server's own reason for refusing the last login (LOGIN_RESULT's, or its goodbye
    /// before answering), as sent; nil when it refused none, or closed without a word.
    public private(set) var serverRefusal: String?
    /// The pointer as last reported: sent once after each login.
    public private(set) var lastMove: MouseMove?
    private var backoff: ReconnectBackoff
    /// Why this side is closing the connection, when it knows better than "closed".
    private var localCloseReason: String?
    /// The server's own goodbye to us (a PLAYER_LOGOUT naming us, or no one).
    private var serverGoodbye: String?

    public init(rules: Rules) {
        self.rules = rules
        self.backoff = ReconnectBackoff(
            initial: rules.reconnectInitialDelay,
            maximum: max(rules.reconnectMaximumDelay, rules.reconnectInitialDelay)
        )
    }

    /// The silence limit for an announced ping interval (nil: none announced): three
    /// missed pings, never under 1.5 s; the fallback when nothing was announced.
    public static func silenceLimit(pingInterval: TimeAmount?, fallback: TimeAmount?) -> TimeAmount? {
        guard let fallback else { return nil }
        guard let pingInterval, pingInterval > .zero else { return fallback }
        return max(pingInterval * missedPingsForSilence, minimumSilence)
    }

    /// The silence limit now: from the announced interval once logged in.
    public var silenceLimit: TimeAmount? {
        Self.silenceLimit(pingInterval: announcedPingInterval, fallback: rules.fallbackSilence)
    }

    // MARK: Inputs

    /// Begins: the first connect.
    public mutating func start() -> [Action] {
        guard case .idle = state else { return [] }
        return connect()
    }

    private mutating func connect() -> [Action] {
        attempt += 1
        localCloseReason = nil
        serverGoodbye = nil
        serverRefusal = nil
        state = .connecting
        return [.post(.connecting(rules.server, attempt: attempt)), .connect]
    }

    /// The TCP connection is up: log in, presenting the resume token on a reconnect.
    public mutating func connected() -> [Action] {
        guard case .connecting = state else { return [.close] }
        state = .awaitingLogin
        var login = PlayerLogin()
        login.username = rules.username
        login.password = rules.password
        login.understands = MessageKinds.all.types
        login.spectator = rules.spectator
        if everLoggedIn { login.resumeToken = resumeToken }
        var actions: [Action] = [.send(.playerLogin(login))]
        if let limit = Self.silenceLimit(pingInterval: nil, fallback: rules.fallbackSilence) {
            actions.append(.watchSilence(limit))
        }
        return actions
    }

    /// The connect failed (or was never answered).
    public mutating func connectFailed(reason: String) -> [Action] {
        guard case .connecting = state else { return [] }
        return sessionEnded(reason: reason)
    }

    /// A message from the server.
    public mutating func received(_ message: WireMessage) -> [Action] {
        switch message {
        case .loginResult(let result):
            guard case .awaitingLogin = state else { return [] }
            if result.ok { return loggedIn(welcome: result) }
            let reason = result.reason.isEmpty ? "no reason given" : result.reason
            let sentence = "The server refused the login: \(reason)."
            serverRefusal = result.reason
            if everLoggedIn, rules.reconnect, reason == Self.nameTakenReason {
                // Our old session is still held (a dead link the server has not noticed):
                // retry with the backoff and the token.
                localCloseReason = sentence
                state = .closing(retry: true)
                return [.close]
            }
            state = .closing(retry: false)
            return [.post(.refused(reason: sentence)), .close]
        case .ping(let ping):
            switch state {
            case .awaitingLogin:
                // An original server: the first ping means logged in.
                return loggedIn(welcome: nil) + [.bounce(ping)]
            case .loggedIn:
                // A server that says goodbye to us closes at once: a goodbye under our name
                // that pings follow was another session's (a trial login's, or a namesake's
                // on a server that allows two), not the reason for a later close.
                serverGoodbye = nil
                return [.bounce(ping)]
            case .idle, .connecting, .closing, .waitingToReconnect, .quitting, .stopped:
                return []
            }
        case .playerCursor(let cursor):
            switch state {
            case .awaitingLogin, .loggedIn:
                return [.post(.cursor(cursor))]
            case .idle, .connecting, .closing, .waitingToReconnect, .quitting, .stopped:
                return []
            }
        case .gameObject:
            guard case .loggedIn = state else { return [] }
            return [.post(.message(message))]
        case .playerLogout(let goodbye):
            if goodbye.username.isEmpty || goodbye.username == rules.username {
                serverGoodbye = goodbye.reason.isEmpty ? "no reason given" : goodbye.reason
                return []
            }
            return [.post(.playerLeft(username: goodbye.username, reason: goodbye.reason))]
        case .chat:
            switch state {
            case .awaitingLogin, .loggedIn:
                return [.post(.message(message))]
            case .idle, .connecting, .closing, .waitingToReconnect, .quitting, .stopped:
                return []
            }
        case .playerLogin, .mouseMove:
            // A client's messages: a server never sends them.
            return []
        }
    }

    private mutating func loggedIn(welcome: LoginResult?) -> [Action] {
        state = .loggedIn
        everLoggedIn = true
        attempt = 0
        backoff.reset()
        serverReportsRoundTrip = welcome != nil
        serverUnderstands = welcome.map { .listed($0.understands, unlisted: .unannouncedServer) } ?? .unannouncedServer
        if let welcome {
            resumeToken = welcome.resumeToken
            announcedPingInterval = welcome.pingIntervalMs > 0 ? .milliseconds(Int64(welcome.pingIntervalMs)) : nil
        } else {
            announcedPingInterval = nil
        }
        var actions: [Action] = [.post(.loggedIn(welcome: welcome))]
        if let limit = silenceLimit { actions.append(.watchSilence(limit)) }
        // A new session knows nothing of this pointer: tell it where it is, once.
        if let lastMove { actions.append(.send(.mouseMove(lastMove))) }
        return actions
    }

    /// The UI moved the pointer: sent when logged in, else kept for the next login.
    public mutating func moved(_ move: MouseMove) -> [Action] {
        lastMove = move
        guard case .loggedIn = state else { return [] }
        return [.send(.mouseMove(move))]
    }

    /// The login was not answered in time.
    public mutating func loginTimedOut(reason: String) -> [Action] {
        guard case .awaitingLogin = state else { return [] }
        localCloseReason = localCloseReason ?? reason
        return [.close]
    }

    /// Nothing came from the server for the silence limit.
    public mutating func fellSilent() -> [Action] {
        switch state {
        case .awaitingLogin, .loggedIn:
            if let limit = silenceLimit {
                localCloseReason = localCloseReason
                    ?? "The server has sent nothing for \(ConnectionFailure.seconds(limit)), so the connection was closed."
            }
            return [.close]
        case .idle, .connecting, .closing, .waitingToReconnect, .quitting, .stopped:
            return []
        }
    }

    /// The connection failed; `reason` is one sentence. A close follows.
    public mutating func failed(reason: String) {
        localCloseReason = localCloseReason ?? reason
    }

    /// The connection is closed.
    public mutating func closed() -> [Action] {
        switch state {
        case .awaitingLogin:
            if let localCloseReason {
                return sessionEnded(reason: localCloseReason)
            }
            // The original server's way of saying no: close without a word.
            serverRefusal = serverGoodbye
            let reason = serverGoodbye.map { "The server refused the login: \($0)." }
                ?? "The server closed the connection without accepting the login (wrong user name or password?)."
            state = .stopped
            return [.post(.refused(reason: reason)), .finish]
        case .loggedIn:
            let reason = serverGoodbye.map { "The server ended the session: \($0)." }
                ?? localCloseReason
                ?? "The server closed the connection."
            return sessionEnded(reason: reason)
        case .closing(let retry):
            if retry { return sessionEnded(reason: localCloseReason ?? "The server closed the connection.") }
            state = .stopped
            return [.finish]
        case .quitting:
            state = .stopped
            return [.finish]
        case .idle, .connecting, .waitingToReconnect, .stopped:
            return []
        }
    }

    /// The backoff is over: connect again.
    public mutating func reconnectDue() -> [Action] {
        guard case .waitingToReconnect = state else { return [] }
        return connect()
    }

    /// The UI asked to quit: say goodbye when logged in, then close.
    public mutating func quit() -> [Action] {
        switch state {
        case .idle, .connecting:
            state = .stopped
            return [.finish]
        case .waitingToReconnect:
            state = .stopped
            return [.cancelReconnect, .finish]
        case .awaitingLogin, .closing:
            state = .quitting
            return [.closeGracefully]
        case .loggedIn:
            state = .quitting
            var goodbye = PlayerLogout()
            goodbye.username = rules.username
            goodbye.reason = "quit"
            return [.send(.playerLogout(goodbye)), .closeGracefully]
        case .quitting, .stopped:
            return []
        }
    }

    /// A connection is gone (or never came up) without a final refusal: reconnect when a
    /// session was established before and reconnecting is on, else finish.
    private mutating func sessionEnded(reason: String) -> [Action] {
        var actions: [Action] = [.post(.disconnected(reason: reason))]
        guard everLoggedIn, rules.reconnect else {
            state = .stopped
            return actions + [.finish]
        }
        let delay = backoff.next()
        state = .waitingToReconnect
        actions.append(.post(.reconnecting(in: delay)))
        actions.append(.scheduleReconnect(delay))
        return actions
    }
}
