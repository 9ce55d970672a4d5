import NIOConcurrencyHelpers
import NIOCore

/// Login throttling by source, shared by every event loop (a source's connections may
/// land on any loop): failed logins earn the address, and its network block (/24, /64 by
/// default), a penalty during which all their logins are refused, and an address's
/// connections that have not logged in yet are capped. Times are uptime nanoseconds,
/// passed in, so that tests need no clock.
///
/// Held behind a lock for a few dictionary lookups per connection and per login, never
/// across I/O. Callers' clocks are read outside the lock, so a later caller may bring an
/// earlier time: inside, time only moves forward (`latest`), and every difference of
/// two times saturates at zero.
final class LoginThrottle: Sendable {
    /// What one source (an address, a block, or every source the table has no room for)
    /// has done lately.
    private struct Record {
        var failures = 0
        var windowStart: UInt64 = 0
        var penaltyEnds: UInt64 = 0
        /// The length of the latest penalty (0: none yet, or forgiven).
        var lastPenalty: UInt64 = 0
        var pending = 0

        /// Counts a failure at `now`; the penalty it starts, if it makes `limit` within
        /// `window`.
        mutating func fail(now: UInt64, limit: Int, window: UInt64, base: UInt64, longest: UInt64) -> UInt64? {
            if lastPenalty > 0, LoginThrottle.elapsed(from: penaltyEnds, to: now) >= longest {
                lastPenalty = 0  // quiet long enough: forgiven
            }
            if failures == 0 || LoginThrottle.elapsed(from: windowStart, to: now) > window {
                failures = 0
                windowStart = now
            }
            failures += 1
            guard failures >= limit else { return nil }
            let penalty = lastPenalty == 0 ? base : min(lastPenalty.multipliedReportingOverflow(by: 2).partialValue, longest)
            failures = 0
            lastPenalty = max(penalty, 1)
            penaltyEnds = now.addingReportingOverflow(penalty).overflow ? .max : now + penalty
            return penalty
        }

        /// Whether the record still matters at `now`.
        func matters(now: UInt64, window: UInt64, forgiveAfter: UInt64) -> Bool {
            pending > 0 || LoginThrottle.elapsed(from: penaltyEnds, to: now) < forgiveAfter
                || (failures > 0 && LoginThrottle.elapsed(from: windowStart, to: now) <= window)
        }
    }

    private struct State {
        var records: [LoginSource: Record] = [:]
        /// Every source that found the table full shares this record: it fails closed.
        var overflow = Record()
        var lastSweep: UInt64 = 0
        /// The latest time seen: no caller moves the clock back.
        var latest: UInt64 = 0

        mutating func advance(to now: UInt64) -> UInt64 {
            latest = max(latest, now)
            return latest
        }
    }

    let configuration: LoginThrottleConfiguration
    private let state = NIOLockedValueBox(State())

    init(configuration: LoginThrottleConfiguration) {
        self.configuration = configuration
    }

    /// `later - earlier`, or 0 when `later` is not later.
    static func elapsed(from earlier: UInt64, to later: UInt64) -> UInt64 {
        later > earlier ? later - earlier : 0
    }

    /// The block that holds `source`, by the configured prefix lengths.
    func block(of source: LoginSource) -> LoginSource {
        source.prefix(ipv4: configuration.ipv4PrefixLength, ipv6: configuration.ipv6PrefixLength)
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

    /// How long logins from `source` are still refused (its address's penalty or its
    /// block's, whichever ends later), or nil when they are not. A source the table had
    /// no room for is held to the shared overflow record's penalty.
    func penaltyRemaining(for source: LoginSource, now: UInt64) -> TimeAmount? {
        let block = block(of: source)
        return state.withLockedValue { state in
            let now = state.advance(to: now)
            var ends: UInt64 = 0
            let address = state.records[source]
            let held = block == source ? address : state.records[block]
            for record in [address, held] { if let record { ends = max(ends, record.penaltyEnds) } }
            // As loginFailed counts: a source the table has no room for shares the overflow.
            if address == nil || held == nil, state.records.count >= configuration.maxTrackedAddresses {
                ends = max(ends, state.overflow.penaltyEnds)
            }
            guard ends > now else { return nil }
            return .nanoseconds(Int64(clamping: ends - now))
        }
    }

    /// Counts a failed login (a wrong password) from `source`, against its address and
    /// its block; returns the penalty that starts now, if this failure completes
    /// `maxFailures` for the address or `maxFailuresPerBlock` for the block (the longer
    /// one, if both). When the table has no room for either, the failure counts against
    /// the overflow record that every such source shares.
    @discardableResult
    func loginFailed(from source: LoginSource, now: UInt64) -> LoginPenalty? {
        let configuration = self.configuration
        guard configuration.maxFailures > 0 else { return nil }
        let window = UInt64(clamping: configuration.failureWindow.nanoseconds)
        let base = UInt64(clamping: configuration.penalty.nanoseconds)
        let longest = UInt64(clamping: configuration.maxPenalty.nanoseconds)
        let block = block(of: source)
        return state.withLockedValue { state -> LoginPenalty? in
            let now = state.advance(to: now)
            var started: LoginPenalty?
            func note(_ penalty: UInt64?, _ penalised: LoginSource, _ limit: Int) {
                guard let penalty, penalty >= UInt64(clamping: started?.duration.nanoseconds ?? -1) else { return }
                started = LoginPenalty(source: penalised, duration: .nanoseconds(Int64(clamping: penalty)), failures: limit)
            }
            var overflowed = false
            var counted = [(source, configuration.maxFailures)]
            if block != source { counted.append((block, max(configuration.maxFailuresPerBlock, 1))) }
            for (key, limit) in counted {
                guard let index = Self.record(for: key, in: &state, now: now, configuration: configuration) else {
                    overflowed = true
                    continue
                }
                note(state.records.values[index].fail(now: now, limit: limit, window: window, base: base, longest: longest), key, limit)
            }
            if overflowed {
                let limit = max(configuration.maxFailuresPerBlock, 1)
                note(state.overflow.fail(now: now, limit: limit, window: window, base: base, longest: longest), .overflow, limit)
            }
            return started
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
            let window = UInt64(clamping: configuration.failureWindow.nanoseconds)
            guard elapsed(from: state.lastSweep, to: now) >= window || state.lastSweep == 0 else { return nil }
            state.lastSweep = now
            let forgiveAfter = UInt64(clamping: configuration.maxPenalty.nanoseconds)
            state.records = state.records.filter { _, record in
                record.matters(now: now, window: window, forgiveAfter: forgiveAfter)
            }
            guard state.records.count < configuration.maxTrackedAddresses else { return nil }
        }
        state.records[source] = Record()
        return state.records.index(forKey: source)
    }
}
