import Logging
import Messages
import NIOCore

/// One event loop's login desk: every connection starts here and either logs in within
/// the login timeout or is closed.
///
/// A PLAYER_LOGIN is reviewed in a fixed order, and the first check that fails refuses
/// it with one plain reason (LOGIN_RESULT ok=false, then close):
/// 1. ``screen(_:from:)``: the name rules and the password (a refusal costs nothing shared);
/// 2. ``claim(_:)``: the name in the server-wide ``PlayerRegistry`` (taken, full, closing).
/// New checks go into one of the two: `screen` for what one login shows by itself, `claim`
/// for what depends on who else plays. Confined to its loop.
final class LoginDesk {
    private let loop: EventLoop
    private let configuration: ServerConfiguration
    private let registry: PlayerRegistry
    private let logger: Logger
    private let frames: ServerFrames
    /// Refused logins and their frames.
    private(set) var counters = ShardCounters()

    init(
        loop: EventLoop,
        configuration: ServerConfiguration,
        registry: PlayerRegistry,
        logger: Logger,
        frames: ServerFrames
    ) {
        self.loop = loop
        self.configuration = configuration
        self.registry = registry
        self.logger = logger
        self.frames = frames
    }

    /// A new connection: it has the login timeout to log in, else `expired` runs.
    func expect(_ session: PlayerSession, expired: @escaping () -> Void) {
        let timeout = configuration.loginTimeout
        session.loginTimeout = loop.assumeIsolated().scheduleTask(in: timeout) {
            guard session.phase == .awaitingLogin else { return }
            self.logger.info("Closing \(session.logName): no login within \(Self.describe(timeout))")
            expired()
        }
    }

    /// Reviews the connection's PLAYER_LOGIN: the admission, or nil when it was refused
    /// (answered, and the connection is closing).
    func review(_ login: PlayerLogin, from session: PlayerSession) -> Admission? {
        stopWaiting(session)
        if let refusal = screen(login, from: session) {
            refuse(session, reason: refusal.reason, detail: refusal.detail)
            return nil
        }
        switch claim(login.username) {
        case .success(let admission):
            return admission
        case .failure(let refusal):
            refuse(session, reason: refusal.reason, detail: refusal.detail)
            return nil
        }
    }

    /// Answers LOGIN_RESULT ok=false with `reason` (sent to the client: ours, never the
    /// client's bytes) and closes; `detail` goes only to the log.
    func refuse(_ session: PlayerSession, reason: String, detail: String) {
        stopWaiting(session)
        counters.loginsRefused += 1
        logger.info("Login refused for \(session.peer): \(reason) (\(detail))")
        session.closeReason = .loginRefused
        session.phase = .closed
        let channel = session.channel
        let answer = frames.encode(.loginResult(.with {
            $0.ok = false
            $0.reason = reason
        }), allocator: channel.allocator)
        counters.framesOut += 1
        channel.writeAndFlush(answer).whenComplete { _ in channel.close(promise: nil) }
    }

    /// The connection is done waiting for its login (logged in, refused or closed).
    func stopWaiting(_ session: PlayerSession) {
        session.loginTimeout?.cancel()
        session.loginTimeout = nil
    }

    // MARK: - The checks

    /// What one login shows by itself: the name rules, then the password.
    private func screen(_ login: PlayerLogin, from session: PlayerSession) -> LoginRefusal? {
        let name = login.username
        if let problem = LoginPolicy.problem(withUsername: name) {
            return LoginRefusal(reason: "malformed login: \(problem)", detail: "username \(name.debugDescription)")
        }
        guard LoginPolicy.passwordsMatch(login.password, configuration.password) else {
            return LoginRefusal(reason: "bad credentials", detail: "wrong password for \(name.debugDescription)")
        }
        return nil
    }

    /// What depends on who else plays: the name claimed in the registry.
    private func claim(_ name: String) -> Result<Admission, LoginRefusal> {
        switch registry.claim(name) {
        case .granted(let id, let online):
            .success(Admission(id: id, online: online))
        case .nameTaken:
            .failure(LoginRefusal(reason: "name already playing", detail: "\(name.debugDescription) is already playing"))
        case .full:
            .failure(LoginRefusal(reason: "server full", detail: "\(configuration.maxPlayers) players online"))
        case .closed:
            .failure(LoginRefusal(reason: "server shutting down", detail: "\(name.debugDescription) during shutdown"))
        }
    }

    static func describe(_ amount: TimeAmount) -> String {
        let ms = amount.nanoseconds / 1_000_000
        return ms % 1000 == 0 ? "\(ms / 1000) s" : "\(ms) ms"
    }
}
