/// The figures `mousy load` reports, as text or one JSON object.
struct LoadReport: Codable, Sendable {
    struct Percentiles: Codable, Sendable {
        var samples: Int
        var p50Ms: Double
        var p99Ms: Double
        var maxMs: Double

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

    var server: String
    var clients: Int
    /// MouseMove frames per second per player; 0: as fast as the socket takes; nil: idle.
    var rateHz: Double?
    var durationS: Double
    var loggedIn: Int
    var refused: Int
    var connectFailed: Int
    /// Sessions the server closed after a successful login, before the run ended.
    var dropped: Int
    /// Players that received at least one ping.
    var pinged: Int
    var loginPhaseS: Double
    var loginsPerSecond: Double
    /// The span over which the rates below are measured: after the login phase and a warm-up.
    var measuredS: Double
    /// MouseMove frames sent over the whole run.
    var framesSent: Int
    var framesSentPerSecond: Double
    var framesReceivedPerSecond: Double
    var pingsReceived: Int
    var cursorsReceived: Int
    var logoutsReceived: Int
    /// |interval between two pings to one player - the ping interval|, in the steady
    /// state (the span the rates are measured over).
    var pingCadenceError: Percentiles
    /// The same over the whole run, the login burst included.
    var pingCadenceErrorWholeRun: Percentiles
    /// The round trip the server reports in each ping's rtt_us, in the steady state.
    var roundTrip: Percentiles

    var text: String {
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
