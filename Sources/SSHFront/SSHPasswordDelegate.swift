import DevServer
import NIOCore
import NIOSSH

/// Password authentication for one SSH connection: the password is the game's, the
/// user name is the player's name (the game server applies its name rules, duplicate
/// and capacity checks when the session logs in). Remembers who authenticated, for
/// the session that follows. Lives on the connection's event loop.
///
/// A wrong password counts against the peer's address in the game's login throttle, as
/// a refused game login does; once the address is penalised every attempt fails, even
/// with the right password (so guessing on cannot tell right from wrong), and its new
/// connections are refused at once (``SSHServer``). Every refusal is logged with the
/// peer's address, rate-limited (``SSHPreAuthLog``); the password never is.
final class SSHPasswordDelegate: NIOSSHServerUserAuthenticationDelegate {
    /// The longest user name taken (the game's own rules, applied at its login, are stricter).
    static let maximumNameBytes = 100

    private let password: [UInt8]
    private let gateway: GameGateway
    private let client: SocketAddress?
    private let log: SSHPreAuthLog
    private let loop: any EventLoop
    /// The name the connection authenticated as, once it has.
    private(set) var username: String?
    /// Called once, when the connection authenticates.
    var onSuccess: (() -> Void)?

    init(password: String, gateway: GameGateway, client: SocketAddress?, log: SSHPreAuthLog, loop: any EventLoop) {
        self.password = Array(password.utf8)
        self.gateway = gateway
        self.client = client
        self.log = log
        self.loop = loop
    }

    var supportedAuthenticationMethods: NIOSSHAvailableUserAuthenticationMethods { .password }

    func requestReceived(
        request: NIOSSHUserAuthenticationRequest,
        responsePromise: EventLoopPromise<NIOSSHUserAuthenticationOutcome>
    ) {
        // Anything but a password (e.g. OpenSSH's probe with "none") is no failed login.
        guard case .password(let offered) = request.request else {
            responsePromise.succeed(.failure)
            return
        }
        let name = request.username
        if let remaining = gateway.penaltyRemaining(for: client) {
            let seconds = (remaining.nanoseconds + 999_999_999) / 1_000_000_000
            refuse(name, "too many failed logins from its address", detail: "\(seconds) s of penalty left")
            responsePromise.succeed(.failure)
            return
        }
        guard Self.constantTimeEqual(Array(offered.password.utf8), password) else {
            // Counted as a refused PLAYER_LOGIN is: the same per-address penalty.
            gateway.loginFailed(from: client)
            refuse(name, "wrong password")
            responsePromise.succeed(.failure)
            return
        }
        // The right password with a name no game would take: a refused name, not a guess.
        guard !name.isEmpty, name.utf8.count <= Self.maximumNameBytes else {
            refuse(name, "user name empty or over \(Self.maximumNameBytes) bytes", detail: "\(name.utf8.count) bytes")
            responsePromise.succeed(.failure)
            return
        }
        username = name
        responsePromise.succeed(.success)
        onSuccess?()
        onSuccess = nil
    }

    private func refuse(_ name: String, _ reason: String, detail: String? = nil) {
        log.log(reason, subject: "login refused for \(SSHPreAuthLog.shown(name))", peer: client, detail: detail, on: loop)
    }

    /// Compares without stopping at the first difference, so timing says nothing of the password.
    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        var difference = UInt8(a.count == b.count ? 0 : 1)
        for index in 0..<max(a.count, b.count) {
            let x = index < a.count ? a[index] : 0
            let y = index < b.count ? b[index] : 0
            difference |= x ^ y
        }
        return difference == 0
    }
}
