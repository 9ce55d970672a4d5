import Atomics

/// What the SSH sessions' output bound did, across sessions: the most output that ever
/// waited for one client, the largest single write (the bound is passed by at most one),
/// and how many sessions were closed because their client stopped reading. Shared by every session of a server (through its settings).
final class SSHOutputCounters: Sendable {
    private let peak = ManagedAtomic<Int>(0)
    private let stalled = ManagedAtomic<Int>(0)
    private let largestWrite = ManagedAtomic<Int>(0)

    init() {}

    /// The most bytes that ever waited for one client at once.
    var peakPendingBytes: Int { peak.load(ordering: .relaxed) }

    /// The largest single write to one client, in bytes.
    var largestWriteBytes: Int { largestWrite.load(ordering: .relaxed) }

    /// Sessions closed because their client took no output.
    var stalledSessions: Int { stalled.load(ordering: .relaxed) }

    func notePending(_ bytes: Int) {
        Self.raise(peak, to: bytes)
    }

    func noteWrite(_ bytes: Int) {
        Self.raise(largestWrite, to: bytes)
    }

    private static func raise(_ value: ManagedAtomic<Int>, to bytes: Int) {
        var current = value.load(ordering: .relaxed)
        while bytes > current {
            let (exchanged, original) = value.compareExchange(expected: current, desired: bytes, ordering: .relaxed)
            if exchanged { return }
            current = original
        }
    }

    func noteStalled() {
        stalled.wrappingIncrement(ordering: .relaxed)
    }
}
