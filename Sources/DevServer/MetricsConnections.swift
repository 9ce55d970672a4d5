import NIOConcurrencyHelpers
import NIOCore

/// The connections open to the `/metrics` listener, in all and by IP address, held to
/// ``MetricsLimits``; shared by the listener's event loops.
final class MetricsConnections: Sendable {
    private struct State {
        var total = 0
        var byAddress: [String: Int] = [:]
        var refused = 0
    }

    private let state = NIOLockedValueBox(State())
    private let limits: MetricsLimits

    init(limits: MetricsLimits) {
        self.limits = limits
    }

    /// Counts a new connection from `address` in, or returns false when either cap is
    /// reached (the connection is then closed and not counted).
    func admit(_ address: String) -> Bool {
        state.withLockedValue { state in
            let fromAddress = state.byAddress[address, default: 0]
            guard state.total < limits.maxConnections, fromAddress < limits.maxConnectionsPerAddress else {
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
    var open: Int { state.withLockedValue { $0.total } }

    /// Connections closed at once because a cap was reached, so far.
    var refused: Int { state.withLockedValue { $0.refused } }
}
