import NIOConcurrencyHelpers

/// The connections open to the web front, in all and by IP address, held to
/// ``WebLimits``; shared by the front's event loops.
final class WebConnections: Sendable {
    private struct State {
        var total = 0
        var byAddress: [String: Int] = [:]
    }

    private let state = NIOLockedValueBox(State())
    private let limits: WebLimits

    init(limits: WebLimits) {
        self.limits = limits
    }

    /// Counts a new connection from `address` in, or returns false when either cap is
    /// reached (the connection is then closed and not counted).
    func admit(_ address: String) -> Bool {
        state.withLockedValue { state in
            let fromAddress = state.byAddress[address, default: 0]
            guard state.total < limits.maxConnections, fromAddress < limits.maxConnectionsPerAddress else { return false }
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
}
