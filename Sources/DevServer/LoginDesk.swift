import Logging
import Messages
import NIOCore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One event loop's login desk: every connection starts here and either logs in within
/// the login timeout or is closed.
///
/// A connection from an address that already has `maxPendingPerAddress` connections
/// waiting to log in is refused at once (``LoginThrottle``). A PLAYER_LOGIN is reviewed in
/// a fixed order, and the first check that fails refuses it with one plain reason
/// (LOGIN_RESULT ok=false, then close):
/// 0. the source address's penalty for failed logins, if it has one;
/// 1. ``screen(_:from:)``: the name rules and the password (a refusal costs nothing shared);
/// 2. ``claim(_:presenting:shard:)``: the name in the server-wide ``PlayerRegistry`` (taken,
///    full, closing), or the session taken over with its resume token.
/// New checks go into one of the two: `screen` for what one login shows by itself, `claim`
/// for what depends on who else plays. Confined to its loop.
final class LoginDesk {
    private let loop: EventLoop
    private let configuration: ServerConfiguration
    private let registry: PlayerRegistry
    private let throttle: LoginThrottle
    private let logger: Logger
    /// Refusal lines, at most one a second per reason under attack.
    private var repeatedLines = RepeatedLines()
    private var summaryScheduled = false
    private let frames: ServerFrames
    /// Refused logins and their frames.
    private(set) var counters = ServerCounters()

    init(
        loop: EventLoop,
        configuration: ServerConfiguration,
        registry: PlayerRegistry,
        throttle: LoginThrottle,
        logger: Logger,
        frames: ServerFrames
    ) {
        self.throttle = throttle
        self.loop = loop
        self.configuration = configuration
        self.registry = registry
        self.logger = logger
        self.frames = frames
    }

    /// A new connection: it has the login timeout to log in, else `expired` runs. One
    /// more from an address with too many connections waiting to log in is refused.
    func expect(_ session: PlayerSession, expired: @escaping () -> Void) {
        guard throttle.connectionOpened(from: session.source, now: Self.now()) else {
            refuse(
                session, .tooManyPending, reason: "too many connections from your address waiting to log in",
                detail: "\(configuration.throttle.maxPendingPerAddress) from \(session.source)"
            )
            return
        }
        session.countedAsPending = true
        let timeout = configuration.loginTimeout
        session.loginTimeout = loop.assumeIsolated().scheduleTask(in: timeout) {
            guard session.phase == .awaitingLogin else { return }
            self.log("no login within \(Self.describe(timeout))", about: "Closing \(session.logName)", detail: nil)
            expired()
        }
    }

    /// Reviews the connection's PLAYER_LOGIN: the admission, or nil when it was refused
    /// (answered, and the connection is closing).
    /// `shard` is this loop's, where the session will live.
    func review(_ login: PlayerLogin, from session: PlayerSession, shard: NIOLoopBound<PlayerShard>) -> Admission? {
        stopWaiting(session)
        if let remaining = throttle.penaltyRemaining(for: session.source, now: Self.now()) {
            let seconds = (remaining.nanoseconds + 999_999_999) / 1_000_000_000
            refuse(
                session, .penalised, reason: "too many failed logins from your address: try again in \(seconds) s",
                detail: "\(session.source) is penalised", kind: "too many failed logins"
            )
            return nil
        }
        if let refusal = screen(login, from: session) {
            // Only a wrong password is a guess: a name against the rules is no failed login.
            if refusal.counted == .badCredentials, let penalty = throttle.loginFailed(from: session.source, now: Self.now()) {
                logger.warning("\(Self.describe(penalty, window: configuration.throttle.failureWindow))")
            }
            refuse(session, refusal.counted, reason: refusal.reason, detail: refusal.detail)
            return nil
        }
        switch claim(login.username, presenting: login.resumeToken, shard: shard, spectator: login.spectator) {
        case .success(let admission):
            return admission
        case .failure(let refusal):
            refuse(session, refusal.counted, reason: refusal.reason, detail: refusal.detail)
            return nil
        }
    }

    /// Answers LOGIN_RESULT ok=false with `reason` (sent to the client: ours, never the
    /// client's bytes) and closes; `detail` goes only to the log; the counters count it
    /// as `counted`.
    /// Lines of one `kind` (by default the reason) are logged at most once a second, the
    /// rest counted into a summary.
    func refuse(_ session: PlayerSession, _ counted: RefusalReason, reason: String, detail: String, kind: String? = nil) {
        stopWaiting(session)
        counters.refusals[counted, default: 0] += 1
        if counted == .nameTaken {
            // How a client finds a free name (mousy's trial logins): no refusal worth a line.
            logger.debug("Login for \(session.peer) answered: \(reason) (\(detail))")
        } else {
            log(reason, about: "Login refused for \(session.peer)", detail: detail, kind: kind)
        }
        session.closeReason = .loginRefused
        session.phase = .closed
        let channel = session.channel
        let answer = frames.encode(.loginResult(.with {
            $0.ok = false
            $0.reason = reason
        }), allocator: channel.allocator)
        counters.framesOutByType.count(.loginResult)
        channel.writeAndFlush(answer).whenComplete { _ in channel.close(promise: nil) }
    }

    /// The connection is done waiting for its login (logged in, refused or closed).
    func stopWaiting(_ session: PlayerSession) {
        session.loginTimeout?.cancel()
        session.loginTimeout = nil
        if session.countedAsPending {
            session.countedAsPending = false
            throttle.connectionSettled(from: session.source)
        }
    }

    // MARK: - The log under attack

    /// Logs "SUBJECT: REASON (DETAIL)" unless a line of its kind went out less than a
    /// second ago; then it is counted, and a summary follows once the second is over.
    private func log(_ reason: String, about subject: String, detail: String?, kind: String? = nil) {
        let key = kind ?? reason
        guard let heldBack = repeatedLines.admit(key, now: Self.now()) else {
            scheduleSummary()
            return
        }
        var line = "\(subject): \(reason)"
        if let detail { line += " (\(detail))" }
        if heldBack > 0 { line += "; \(heldBack) more like it held back" }
        logger.info("\(line)")
    }

    private func scheduleSummary() {
        guard !summaryScheduled else { return }
        summaryScheduled = true
        loop.assumeIsolated().scheduleTask(in: .nanoseconds(Int64(repeatedLines.interval))) {
            self.summaryScheduled = false
            for (kind, count) in self.repeatedLines.due(now: Self.now()) {
                self.logger.info("\(count) more like \"\(kind)\" in the last second")
            }
            if self.repeatedLines.isHoldingBack { self.scheduleSummary() }
        }
    }

    private static func now() -> UInt64 {
        NIODeadline.now().uptimeNanoseconds
    }

    // MARK: - The checks

    /// What one login shows by itself: the name rules, then the password.
    private func screen(_ login: PlayerLogin, from session: PlayerSession) -> LoginRefusal? {
        let name = login.username
        if let problem = LoginPolicy.problem(withUsername: name) {
            return LoginRefusal(counted: .malformedLogin, reason: "malformed login: \(problem)", detail: "username \(Self.shown(name))")
        }
        guard LoginPolicy.passwordsMatch(login.password, configuration.password) else {
            return LoginRefusal(counted: .badCredentials, reason: RefusalReason.badCredentials.rawValue, detail: "wrong password for \(Self.shown(name))")
        }
        return nil
    }

    /// What depends on who else plays: the name claimed in the registry, or the session
    /// taken over when the login presents that session's resume token.
    private func claim(
        _ name: String, presenting token: Data, shard: NIOLoopBound<PlayerShard>, spectator: Bool
    ) -> Result<Admission, LoginRefusal> {
        let newToken = ResumeToken.random()
        return switch registry.claim(name, presenting: token, newToken: newToken, shard: shard, spectator: spectator) {
        case .granted(let id, let online, let serial):
            .success(Admission(id: id, online: online, serial: serial, token: newToken, previous: nil))
        case .resumed(let id, let online, let serial, let previous):
            .success(Admission(id: id, online: online, serial: serial, token: newToken, previous: previous))
        case .returned(let id, let online, let serial):
            .success(Admission(id: id, online: online, serial: serial, token: newToken, previous: nil, returned: true))
        case .nameTaken:
            .failure(LoginRefusal(counted: .nameTaken, reason: RefusalReason.nameTaken.rawValue, detail: "\(Self.shown(name)) is already playing"))
        case .full:
            .failure(LoginRefusal(counted: .serverFull, reason: RefusalReason.serverFull.rawValue, detail: "\(configuration.maxPlayers) players online"))
        case .closed:
            .failure(LoginRefusal(counted: .serverShutdown, reason: RefusalReason.serverShutdown.rawValue, detail: "\(Self.shown(name)) during shutdown"))
        }
    }

    /// A name as the log shows it: sanitised (it may be anything a client sent), quoted.
    static func shown(_ name: String) -> String {
        NetworkText.sanitized(name, maximumBytes: 2 * PlayerName.maximumBytes).debugDescription
    }

    /// The log line for a penalty that starts now.
    static func describe(_ penalty: LoginPenalty, window: TimeAmount) -> String {
        "Refusing logins from \(penalty.source) for \(describe(penalty.duration)): \(penalty.failures) failed logins within \(describe(window))"
    }

    static func describe(_ amount: TimeAmount) -> String {
        let ms = amount.nanoseconds / 1_000_000
        return ms % 1000 == 0 ? "\(ms / 1000) s" : "\(ms) ms"
    }
}
