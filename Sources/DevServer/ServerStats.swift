import Histogram
import Messages

/// A snapshot of the server's counters (``ServerCounters``, read through as `stats.logins`
/// and so on) with what happened since the previous sample: the per-second rates and the
/// latencies of the sampled period (since the previous ``GameServer/stats()`` call, or
/// since start).
@dynamicMemberLookup
public struct ServerStats: Sendable {
    /// The totals since start.
    public var counters = ServerCounters()
    /// Frames received per second over the sampled period.
    public var framesInPerSecond: Double = 0
    /// Frames sent per second over the sampled period.
    public var framesOutPerSecond: Double = 0
    /// How late the pings of the sampled period went out after their due time, in microseconds.
    public var pingLateness = Histogram<UInt64>.latency()
    /// The round trips measured in the sampled period, in microseconds.
    public var roundTrip = Histogram<UInt64>.latency()

    public init() {}

    /// Any total of ``counters``, e.g. `stats.playersOnline`.
    public subscript<Value>(dynamicMember keyPath: KeyPath<ServerCounters, Value>) -> Value {
        counters[keyPath: keyPath]
    }
}

extension ServerStats: CustomStringConvertible {
    /// One log line of at most 100 columns whatever the figures, e.g. "12 online; 40
    /// logins, 3 refused; in/out 120/4.1k/s; p99 rtt/late 1.2/0.31 ms": players online,
    /// logins and refused logins since start, frames per second, and the 99th percentiles
    /// of the round trip and of the pings' lateness over the sampled period. A login
    /// answered "name already playing" is how a client finds a free name (mousy's trial
    /// logins), not a refused client: /metrics counts those by reason.
    public var description: String {
        let refused = counters.loginsRefused - (counters.refusals[.nameTaken] ?? 0)
        var line = "\(Self.short(counters.playersOnline)) online; \(Self.short(counters.logins)) logins"
        if refused > 0 { line += ", \(Self.short(refused)) refused" }
        line += "; in/out \(Self.short(framesInPerSecond))/\(Self.short(framesOutPerSecond))/s"
        if let roundTrip = roundTrip.millis(atPercentile: 99), let late = pingLateness.millis(atPercentile: 99) {
            line += "; p99 rtt/late \(Self.format(roundTrip))/\(Self.format(late)) ms"
        } else if let roundTrip = roundTrip.millis(atPercentile: 99) {
            line += "; p99 rtt \(Self.format(roundTrip)) ms"
        } else if let late = pingLateness.millis(atPercentile: 99) {
            line += "; p99 late \(Self.format(late)) ms"
        }
        return line
    }

    /// Whether anything a reader of the log cares about changed between two readings of
    /// the counters (nil: none yet): players, connections, logins and refusals, departures,
    /// moves. Pings alone, and their bounces, are no news: an idle server logs nothing.
    public static func changed(from old: ServerCounters?, to new: ServerCounters) -> Bool {
        guard let old else { return true }
        return old.playersOnline != new.playersOnline || old.connections != new.connections
            || old.logins != new.logins || old.sessionsResumed != new.sessionsResumed
            || old.loginsRefused != new.loginsRefused
            || old.disconnects.values.reduce(0, +) != new.disconnects.values.reduce(0, +)
            || old.framesIn - old.framesInByType[.pingEvent] != new.framesIn - new.framesInByType[.pingEvent]
    }

    /// At most 4 characters: 950, 9999, 12k, 999k, 1.3M, 12M, 3.1G.
    static func short(_ value: Double) -> String {
        let value = max(0, value.isFinite ? value.rounded() : 0)
        switch value {
        case ..<10_000: return String(Int(value))
        case ..<999_500: return "\(Int((value / 1e3).rounded()))k"
        case ..<9_950_000: return "\(Double(Int((value / 1e5).rounded())) / 10)M"
        case ..<999_500_000: return "\(Int((value / 1e6).rounded()))M"
        case ..<9_950_000_000: return "\(Double(Int((value / 1e8).rounded())) / 10)G"
        default: return "\(Int((value / 1e9).rounded()))G"
        }
    }

    static func short(_ value: Int) -> String { short(Double(value)) }

    /// At most 5 characters for any latency a histogram holds: 0.41, 9.99, 12, 59000.
    private static func format(_ millis: Double) -> String {
        millis < 10 ? String(Double(Int((millis * 100).rounded())) / 100) : String(Int(millis.rounded()))
    }
}
