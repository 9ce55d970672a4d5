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
    /// One log line.
    public var description: String {
        let reasons = DisconnectReason.allCases
            .compactMap { reason in counters.disconnects[reason].map { "\(reason): \($0)" } }
            .joined(separator: ", ")
        return "players online: \(counters.playersOnline), connections: \(counters.connections)"
            + ", logins: \(counters.logins) (refused \(counters.loginsRefused))"
            + ", frames in/s: \(Int(framesInPerSecond.rounded()))"
            + ", frames out/s: \(Int(framesOutPerSecond.rounded()))"
            + ", ping lateness p50/p99 \(Self.percentiles(pingLateness)) ms"
            + ", round trip p50/p99 \(Self.percentiles(roundTrip)) ms"
            + ", disconnects: \(reasons.isEmpty ? "none" : reasons)"
    }

    private static func percentiles(_ histogram: Histogram<UInt64>) -> String {
        guard let p50 = histogram.millis(atPercentile: 50), let p99 = histogram.millis(atPercentile: 99) else {
            return "-"
        }
        return "\(format(p50))/\(format(p99))"
    }

    private static func format(_ millis: Double) -> String {
        millis < 10 ? String(Double(Int((millis * 100).rounded())) / 100) : String(Int(millis.rounded()))
    }
}
