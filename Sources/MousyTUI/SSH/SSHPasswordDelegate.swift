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
/// connections are refused at once (``SSHServer``).
final class SSHPasswordDelegate: NIOSSHServerUserAuthenticationDelegate {
    private let password: [UInt8]
    private let gateway: GameGateway
    private let client: SocketAddress?
    /// The name the connection authenticated as, once it has.
    private(set) var username: String?
    /// Called once, when the connection authenticates.
    var onSuccess: (() -> Void)?

    init(password: String, gateway: GameGateway, client: SocketAddress?) {
        self.password = Array(password.utf8)
        self.gateway = gateway
        self.client = client
    }

    var supportedAuthenticationMethods: NIOSSHAvailableUserAuthenticationMethods { .password }

    func requestReceived(
        request: NIOSSHUserAuthenticationRequest,
        responsePromise: EventLoopPromise<NIOSSHUserAuthenticationOutcome>
    ) {
        // Anything but a password (e.g. OpenSSH's probe with "none") is no failed login.
        guard case .password(let offered) = request.request, gateway.penaltyRemaining(for: client) == nil else {
            responsePromise.succeed(.failure)
            return
        }
        guard Self.constantTimeEqual(Array(offered.password.utf8), password) else {
            gateway.loginFailed(from: client)
            responsePromise.succeed(.failure)
            return
        }
        // A wrong name is no wrong password: refused, not counted. Names the game would
        // refuse anyway get its own sentence once the session logs in.
        guard !request.username.isEmpty, request.username.utf8.count <= 100 else {
            responsePromise.succeed(.failure)
            return
        }
        username = request.username
        responsePromise.succeed(.success)
        onSuccess?()
        onSuccess = nil
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
