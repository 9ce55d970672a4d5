/// A snapshot of the server's counters. Totals count since start; the per-second rates
/// cover the time since the previous ``GameServer/stats()`` call (or since start).
public struct ServerStats: Sendable, Hashable {
    /// Players logged in now.
    public var playersOnline: Int = 0
    /// Open connections, logged in or not.
    public var connections: Int = 0
    /// Successful logins since start.
    public var logins: Int = 0
    /// Sessions taken over by a new connection with their resume token since start.
    public var sessionsResumed: Int = 0
    /// Refused logins since start.
    public var loginsRefused: Int = 0
    /// Frames received since start.
    public var framesIn: Int = 0
    /// Frames sent since start.
    public var framesOut: Int = 0
    /// MOUSE_EVENT frames received since start.
    public var mouseEventsIn: Int = 0
    /// Frames received per second over the sampled period.
    public var framesInPerSecond: Double = 0
    /// Frames sent per second over the sampled period.
    public var framesOutPerSecond: Double = 0
    /// Pings sent since start.
    public var pingsSent: Int = 0
    /// How late the pings of the sampled period went out after their due time.
    public var pingLateness = LatenessHistogram()
    /// Connections ended since start, by reason.
    public var disconnects: [DisconnectReason: Int] = [:]

    public init() {}
}

extension ServerStats: CustomStringConvertible {
    /// One log line.
    public var description: String {
        let reasons = DisconnectReason.allCases
            .compactMap { reason in disconnects[reason].map { "\(reason): \($0)" } }
            .joined(separator: ", ")
        return "players online: \(playersOnline), connections: \(connections), logins: \(logins)"
            + " (refused \(loginsRefused)), frames in/s: \(Int(framesInPerSecond.rounded()))"
            + ", frames out/s: \(Int(framesOutPerSecond.rounded()))"
            + ", ping lateness p50/p99 <= \(Self.format(pingLateness.quantileUpperBoundMillis(0.5)))"
            + "/\(Self.format(pingLateness.quantileUpperBoundMillis(0.99))) ms"
            + ", disconnects: \(reasons.isEmpty ? "none" : reasons)"
    }

    private static func format(_ millis: Double?) -> String {
        guard let millis else { return "-" }
        return millis.isInfinite ? ">1000" : "\(Int(millis))"
    }
}
