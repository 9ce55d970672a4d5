import Atomics
import NIOConcurrencyHelpers

/// Counters shared by every load client, on every event loop. Hot counters are bumped
/// once per read or write batch, not per frame.
final class LoadCounters: Sendable {
    let loggedIn = ManagedAtomic<Int>(0)
    let refused = ManagedAtomic<Int>(0)
    let connectFailed = ManagedAtomic<Int>(0)
    let dropped = ManagedAtomic<Int>(0)
    let pinged = ManagedAtomic<Int>(0)
    let finished = ManagedAtomic<Int>(0)
    let framesSent = ManagedAtomic<Int>(0)
    let framesReceived = ManagedAtomic<Int>(0)
    let pings = ManagedAtomic<Int>(0)
    let cursors = ManagedAtomic<Int>(0)
    let logouts = ManagedAtomic<Int>(0)

    /// Latency samples in microseconds, handed in by each client when its channel closes.
    private let samples = NIOLockedValueBox<(cadence: [UInt64], roundTrip: [UInt64])>(([], []))

    func add(cadence: [UInt64], roundTrip: [UInt64]) {
        samples.withLockedValue {
            $0.cadence += cadence
            $0.roundTrip += roundTrip
        }
    }

    var collectedSamples: (cadence: [UInt64], roundTrip: [UInt64]) {
        samples.withLockedValue { $0 }
    }

    /// Connections whose login ended one way or another.
    var loginsSettled: Int {
        loggedIn.load(ordering: .relaxed) + refused.load(ordering: .relaxed) + connectFailed.load(ordering: .relaxed)
    }
}
