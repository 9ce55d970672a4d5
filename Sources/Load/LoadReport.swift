/// The figures `mousy load` reports, as text or one JSON object.
public struct LoadReport: Codable, Sendable {
    public struct Percentiles: Codable, Sendable {
        public var samples: Int
        public var p50Ms: Double
        public var p99Ms: Double
        public var maxMs: Double

        /// Percentiles of samples given in microseconds.
        init(microseconds values: [UInt64]) {
            let sorted = values.sorted()
            samples = sorted.count
            func at(_ q: Double) -> Double {
                guard !sorted.isEmpty else { return 0 }
                let index = min(sorted.count - 1, Int((Double(sorted.count - 1) * q).rounded(.up)))
                return Double(sorted[index]) / 1000
            }
            p50Ms = at(0.5)
            p99Ms = at(0.99)
            maxMs = at(1)
        }
    }

    public var server: String
    public var clients: Int
    /// MouseMove frames per second per player; 0: as fast as the socket takes; nil: idle.
    public var rateHz: Double?
    public var durationS: Double
    public var loggedIn: Int
    public var refused: Int
    public var connectFailed: Int
    /// Sessions the server closed after a successful login, before the run ended.
    public var dropped: Int
    /// Players that received at least one ping.
    public var pinged: Int
    public var loginPhaseS: Double
    public var loginsPerSecond: Double
    /// The span over which the rates below are measured: after the login phase and a warm-up.
    public var measuredS: Double
    /// MouseMove frames sent over the whole run.
    public var framesSent: Int
    public var framesSentPerSecond: Double
    public var framesReceivedPerSecond: Double
    public var pingsReceived: Int
    public var cursorsReceived: Int
    public var logoutsReceived: Int
    /// |interval between two pings to one player - the ping interval|, in the steady
    /// state (the span the rates are measured over).
    public var pingCadenceError: Percentiles
    /// The same over the whole run, the login burst included.
    public var pingCadenceErrorWholeRun: Percentiles
    /// The round trip the server reports in each ping's rtt_us, in the steady state.
    public var roundTrip: Percentiles

    public var text: String {
        func f(_ v: Double, _ digits: Int = 1) -> String {
            let scale = Double((0..<digits).reduce(1) { acc, _ in acc * 10 })
            return String((v * scale).rounded() / scale)
        }
        func p(_ x: Percentiles) -> String {
            x.samples == 0 ? "no samples" : "p50 \(f(x.p50Ms, 2)) ms, p99 \(f(x.p99Ms, 2)) ms, max \(f(x.maxMs, 2)) ms (\(x.samples) samples)"
        }
        return """
            server           \(server), \(clients) clients \(rateHz.map { $0 == 0 ? "at full speed" : "at \(f($0)) Hz" } ?? "idle") for \(f(durationS)) s
            logins           \(loggedIn) in, \(refused) refused, \(connectFailed) failed to connect, \(dropped) dropped; \(pinged) pinged
            login rate       \(f(loginsPerSecond, 0)) logins/s over \(f(loginPhaseS, 2)) s
            frames sent      \(f(framesSentPerSecond, 0))/s over \(f(measuredS, 2)) s
            frames received  \(f(framesReceivedPerSecond, 0))/s (\(pingsReceived) pings, \(cursorsReceived) cursors, \(logoutsReceived) logouts)
            ping cadence err \(p(pingCadenceError)) (steady); \(p(pingCadenceErrorWholeRun)) (whole run)
            round trip       \(p(roundTrip))
            """
    }
}
