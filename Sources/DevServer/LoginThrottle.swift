import NIOConcurrencyHelpers
import NIOCore

/// Per-source-address login throttling, shared by every event loop (a source's
/// connections may land on any loop): failed logins earn the address a penalty during
/// which all its logins are refused, and its connections that have not logged in yet are
/// capped. Times are uptime nanoseconds, passed in, so that tests need no clock.
///
/// Held behind a lock for a dictionary lookup per connection and per login, never across
/// I/O.
final class LoginThrottle: Sendable {
    /// What one source has done lately.
    private struct Record {
        var failures = 0
        var windowStart: UInt64 = 0
        var penaltyEnds: UInt64 = 0
        /// The length of the latest penalty (0: none yet, or forgiven).
        var lastPenalty: UInt64 = 0
        var pending = 0
    }

    private struct State {
        var records: [LoginSource: Record] = [:]
        var lastSweep: UInt64 = 0
        /// The latest time any caller passed in. Event loops read their clocks before
        /// taking the lock, so a caller may arrive with a time older than one already
        /// recorded; every computation uses `max(now, latest)` so that no stored time is
        /// ever later than the time it is compared with.
        var latest: UInt64 = 0

        mutating func advance(to now: UInt64) -> UInt64 {
            latest = max(latest, now)
            return latest
        }
    }

    /// `later - earlier`, or 0 when `earlier` is the later one: no trap from peer timing.
    @inline(__always)
    static func elapsed(from earlier: UInt64, to later: UInt64) -> UInt64 {
        later >= earlier ? later - earlier : 0
    }

    let configuration: LoginThrottleConfiguration
    private let state = NIOLockedValueBox(State())

    init(configuration: LoginThrottleConfiguration) {
        self.configuration = configuration
    }

    /// A new connection from `source`: false if the source already has
    /// `maxPendingPerAddress` connections waiting to log in (the new one is to be refused).
    func connectionOpened(from source: LoginSource, now: UInt64) -> Bool {
        let cap = configuration.maxPendingPerAddress
        return state.withLockedValue { state in
            let now = state.advance(to: now)
            guard let index = Self.record(for: source, in: &state, now: now, configuration: configuration) else {
                return true
            }
            if cap > 0, state.records.values[index].pending >= cap { return false }
            state.records.values[index].pending += 1
            return true
        }
    }

    /// A connection counted by ``connectionOpened(from:now:)`` has logged in, been refused
    /// or closed.
    func connectionSettled(from source: LoginSource) {
        state.withLockedValue { state in
            guard let index = state.records.index(forKey: source) else { return }
            let record = state.records.values[index]
            if record.pending <= 1, record.failures == 0, record.lastPenalty == 0 {
                state.records.remove(at: index)  // nothing to remember about a well-behaved source
            } else {
                state.records.values[index].pending = max(0, record.pending - 1)
            }
        }
    }

    /// How long logins from `source` are still refused, or nil when they are not.
    func penaltyRemaining(for source: LoginSource, now: UInt64) -> TimeAmount? {
        state.withLockedValue { state in
            let now = state.advance(to: now)
            guard let record = state.records[source], record.penaltyEnds > now else { return nil }
            return .nanoseconds(Int64(clamping: record.penaltyEnds - now))
        }
    }

    /// Counts a failed login from `source`; returns the penalty that starts now, if this
    /// failure completes `maxFailures` within the window.
    @discardableResult
    func loginFailed(from source: LoginSource, now: UInt64) -> TimeAmount? {
        let limit = configuration.maxFailures
        guard limit > 0 else { return nil }
        let window = UInt64(configuration.failureWindow.nanoseconds)
        let base = UInt64(configuration.penalty.nanoseconds)
        let longest = UInt64(configuration.maxPenalty.nanoseconds)
        return state.withLockedValue { state -> TimeAmount? in
            let now = state.advance(to: now)
            guard let index = Self.record(for: source, in: &state, now: now, configuration: configuration) else {
                return nil
            }
            var record = state.records.values[index]
            defer { state.records.values[index] = record }
            if record.lastPenalty > 0, now > record.penaltyEnds, Self.elapsed(from: record.penaltyEnds, to: now) >= longest {
                record.lastPenalty = 0  // quiet long enough: forgiven
            }
            if record.failures == 0 || Self.elapsed(from: record.windowStart, to: now) > window {
                record.failures = 0
                record.windowStart = now
            }
            record.failures += 1
            guard record.failures >= limit else { return nil }
            let penalty = record.lastPenalty == 0 ? base : min(record.lastPenalty.multipliedReportingOverflow(by: 2).partialValue, longest)
            record.failures = 0
            record.lastPenalty = max(penalty, 1)
            record.penaltyEnds = now.addingReportingOverflow(penalty).overflow ? .max : now + penalty
            return .nanoseconds(Int64(clamping: penalty))
        }
    }

    /// Sources tracked now (for tests and stats).
    var trackedCount: Int { state.withLockedValue { $0.records.count } }

    /// The index of `source`'s record, made if need be; nil when the table is full even
    /// after dropping the records that no longer matter.
    private static func record(
        for source: LoginSource, in state: inout State, now: UInt64, configuration: LoginThrottleConfiguration
    ) -> Dictionary<LoginSource, Record>.Index? {
        if let index = state.records.index(forKey: source) { return index }
        if state.records.count >= configuration.maxTrackedAddresses {
            // At most one sweep per failure window, so a full table costs no sweep per login.
            let window = UInt64(configuration.failureWindow.nanoseconds)
            guard elapsed(from: state.lastSweep, to: now) >= window || state.lastSweep == 0 else { return nil }
            state.lastSweep = now
            let forgiveAfter = UInt64(configuration.maxPenalty.nanoseconds)
            state.records = state.records.filter { _, record in
                record.pending > 0 || elapsed(from: record.penaltyEnds, to: now) < forgiveAfter
                    || (record.failures > 0 && elapsed(from: record.windowStart, to: now) <= window)
            }
            guard state.records.count < configuration.maxTrackedAddresses else { return nil }
        }
        state.records[source] = Record()
        return state.records.index(forKey: source)
    }
}
