import NIOConcurrencyHelpers
import NIOCore

/// The connections open to one of the server's small listeners (`/metrics`, the web
/// front), in all and by IP address, held to two caps; shared by the listener's event
/// loops. A connection past a cap is closed as soon as it is accepted.
public final class ConnectionCaps: Sendable {
    /// Thrown from a child channel initializer to close a connection past a cap.
    public struct Refused: Error {}

    private struct State {
        var total = 0
        var byAddress: [String: Int] = [:]
        var refused = 0
    }

    private let state = NIOLockedValueBox(State())
    private let maxConnections: Int
    private let maxConnectionsPerAddress: Int

    public init(maxConnections: Int, maxConnectionsPerAddress: Int) {
        self.maxConnections = maxConnections
        self.maxConnectionsPerAddress = maxConnectionsPerAddress
    }

    /// Counts `channel` in until it closes, by its peer's IP address without the port
    /// (one host's connections together); throws ``Refused`` when either cap is reached,
    /// and the channel is then not counted. Call it from the child channel initializer.
    public func hold(_ channel: any Channel) throws {
        let address = channel.remoteAddress?.ipAddress ?? "?"
        guard admit(address) else { throw Refused() }
        channel.closeFuture.whenComplete { _ in self.release(address) }
    }

    /// Counts a new connection from `address` in, or returns false when either cap is
    /// reached (the connection is then closed and not counted).
    func admit(_ address: String) -> Bool {
        state.withLockedValue { state in
            let fromAddress = state.byAddress[address, default: 0]
            guard state.total < maxConnections, fromAddress < maxConnectionsPerAddress else {
                state.refused += 1
                return false
            }
            state.total += 1
            state.byAddress[address] = fromAddress + 1
            return true
        }
    }

    /// Counts an admitted connection from `address` out.
    func release(_ address: String) {
        state.withLockedValue { state in
            state.total -= 1
            let left = state.byAddress[address, default: 1] - 1
            state.byAddress[address] = left > 0 ? left : nil
        }
    }

    /// Connections open now.
    public var open: Int { state.withLockedValue { $0.total } }

    /// Connections closed at once because a cap was reached, so far.
    public var refused: Int { state.withLockedValue { $0.refused } }
}
