import NIOCore
import NIOSSH

/// Password authentication for one SSH connection: the password is the game's, the
/// user name is the player's name (the game server applies its name rules, duplicate
/// and capacity checks when the session logs in). Remembers who authenticated, for
/// the session that follows. Lives on the connection's event loop.
final class SSHPasswordDelegate: NIOSSHServerUserAuthenticationDelegate {
    private let password: [UInt8]
    /// The name the connection authenticated as, once it has.
    private(set) var username: String?

    init(password: String) {
        self.password = Array(password.utf8)
    }

    var supportedAuthenticationMethods: NIOSSHAvailableUserAuthenticationMethods { .password }

    func requestReceived(
        request: NIOSSHUserAuthenticationRequest,
        responsePromise: EventLoopPromise<NIOSSHUserAuthenticationOutcome>
    ) {
        guard case .password(let offered) = request.request,
              Self.constantTimeEqual(Array(offered.password.utf8), password),
              !request.username.isEmpty, request.username.utf8.count <= 100 else {
            responsePromise.succeed(.failure)
            return
        }
        username = request.username
        responsePromise.succeed(.success)
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
