import DevServer
import NIOCore

/// An SSH connection that the game's login throttle counts as waiting to log in, from
/// its accept until it authenticates or closes, whichever comes first. Lives on the
/// connection's event loop.
final class SSHPendingLogin {
    private var gateway: GameGateway?
    private let client: SocketAddress?

    /// Counts the connection from `client`; nil when its address already has as many
    /// waiting as the throttle allows (the connection is to be refused).
    init?(gateway: GameGateway, client: SocketAddress?) {
        guard gateway.connectionOpened(from: client) else { return nil }
        self.gateway = gateway
        self.client = client
    }

    /// No longer waiting; only the first call counts.
    func settle() {
        guard let gateway else { return }
        self.gateway = nil
        gateway.connectionSettled(from: client)
    }
}
