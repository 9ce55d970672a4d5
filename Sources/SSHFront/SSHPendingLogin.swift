import DevServer
import NIOCore

/// An SSH connection waiting to authenticate, counted by the game's login throttle (per
/// address) and by the SSH server (in total), from its accept until it authenticates or
/// closes, whichever comes first. Lives on the connection's event loop.
final class SSHPendingLogin {
    /// Why a new connection is not counted, and so is to be refused.
    enum Refusal: String, Error {
        case tooManyFromAddress = "too many connections from its address waiting to authenticate"
        case tooManyInTotal = "too many connections waiting to authenticate"
    }

    private var gateway: GameGateway?
    private var total: SSHUnauthenticatedCount?
    private let client: SocketAddress?

    private init(gateway: GameGateway, total: SSHUnauthenticatedCount, client: SocketAddress?) {
        self.gateway = gateway
        self.total = total
        self.client = client
    }

    /// Counts the connection from `client`, or says why it cannot be.
    static func open(gateway: GameGateway, total: SSHUnauthenticatedCount, client: SocketAddress?) -> Result<SSHPendingLogin, Refusal> {
        guard total.open() else { return .failure(.tooManyInTotal) }
        guard gateway.connectionOpened(from: client) else {
            total.settle()
            return .failure(.tooManyFromAddress)
        }
        return .success(SSHPendingLogin(gateway: gateway, total: total, client: client))
    }

    /// No longer waiting; only the first call counts.
    func settle() {
        if let gateway {
            self.gateway = nil
            gateway.connectionSettled(from: client)
        }
        if let total {
            self.total = nil
            total.settle()
        }
    }
}
