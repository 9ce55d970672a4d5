import Histogram

/// The figures `mousy load` reports, as text or one JSON object.
public struct LoadReport: Codable, Sendable {
    public struct Percentiles: Codable, Sendable {
        public var samples: Int
        public var p50Ms: Double
        public var p99Ms: Double
        public var maxMs: Double

        /// The percentiles of a histogram of microseconds (all 0 when it is empty).
        init(microseconds histogram: Histogram<UInt64>) {
            let count = Int(histogram.totalCount)
            samples = count
            func millis(_ value: UInt64) -> Double { count == 0 ? 0 : Double(value) / 1000 }
            p50Ms = millis(histogram.valueAtPercentile(50))
            p99Ms = millis(histogram.valueAtPercentile(99))
            maxMs = millis(histogram.max)
        }
    }

    public var server: String
    public var clients: Int
    /// MouseMove frames per second per player; 0: as fast as the socket takes; nil: idle.
    public var rateHz: Double?
    public var durationS: Double
    public var loggedIn: Int
    public var refused: Int
    /// Refused logins by kind: the server's reason without its figures (e.g. "bad
    /// credentials"), or "closed without a word" (the original server's refusal).
    public var refusals: [String: Int] = [:]
    public var connectFailed: Int
    /// Connections answered with bytes that are not game frames (not a game server).
    public var notAGame: Int = 0
    /// Logins that ended before any answer for another reason (a reset, a timeout).
    public var lostBeforeLogin: Int = 0
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
    /// Players whose view of the others was sampled (the first 20), over how many
    /// player-seconds of the steady state.
    public var visibilitySampledPlayers: Int = 0
    public var visibilitySampledSeconds: Int = 0
    /// Per sampled player and second: PLAYER_CURSOR frames received, distinct players
    /// they came from, and of those, players not heard from the second before (churn).
    public var cursorsPerPlayerPerSecond: Double = 0
    public var playersSeenPerSecond: Double = 0
    public var visibleChurnPerSecond: Double = 0
    /// Players online when the steady state began, and of those, still online at its end
    /// (held the whole time; 0 when the steady state was never reached).
    public var onlineAtSteadyStart: Int = 0
    public var heldThroughSteadyState: Int = 0
    /// MouseMove frames really sent per player and second in the steady state (over the mean
    /// of the players online at its start and end).
    public var movesPerPlayerPerSecond: Double = 0
    /// Times the silence check found nothing read for the limit but the kernel holding (or
    /// just given) data from the server: the load generator's own backlog, not counted as
    /// the server's silence.
    public var backlogSilences: Int = 0
    /// Players that dragged boxes (`--drag`).
    public var draggers: Int = 0
    /// GAME_OBJECT frames received over the whole run, and per player and second in the
    /// steady state (over the mean of the players online at its start and end).
    public var objectsReceived: Int = 0
    public var objectsPerPlayerPerSecond: Double = 0

    /// The kinds of refusal, most frequent first.
    public var refusalsByCount: [(kind: String, count: Int)] {
        refusals.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    public var text: String {
        func f(_ v: Double, _ digits: Int = 1) -> String {
            let scale = Double((0..<digits).reduce(1) { acc, _ in acc * 10 })
            return String((v * scale).rounded() / scale)
        }
        func p(_ x: Percentiles) -> String {
            x.samples == 0 ? "no samples" : "p50 \(f(x.p50Ms, 2)) ms, p99 \(f(x.p99Ms, 2)) ms, max \(f(x.maxMs, 2)) ms (\(x.samples) samples)"
        }
        let refusedLines = refusalsByCount.map { "refused          \($0.count) × \($0.kind)\n" }.joined()
        let head = """
            server           \(server), \(clients) clients \(rateHz.map { $0 == 0 ? "at full speed" : "at \(f($0)) Hz" } ?? "idle") for \(f(durationS)) s
            logins           \(loggedIn) in, \(refused) refused, \(connectFailed) failed to connect, \(dropped) dropped; \(pinged) pinged\(lostBeforeLogin > 0 ? "; \(lostBeforeLogin) lost before an answer" : "")\(notAGame > 0 ? "; \(notAGame) answered in bytes that are not game frames" : "")

            """
        return head + refusedLines + """
            held             \(heldThroughSteadyState) of \(onlineAtSteadyStart) online through the steady state; \(backlogSilences) silences were our own backlog
            login rate       \(f(loginsPerSecond, 0)) logins/s over \(f(loginPhaseS, 2)) s
            frames sent      \(f(framesSentPerSecond, 0))/s over \(f(measuredS, 2)) s (\(f(movesPerPlayerPerSecond, 2)) per player)
            frames received  \(f(framesReceivedPerSecond, 0))/s (\(pingsReceived) pings, \(cursorsReceived) cursors, \(logoutsReceived) logouts)
            ping cadence err \(p(pingCadenceError)) (steady); \(p(pingCadenceErrorWholeRun)) (whole run)
            round trip       \(p(roundTrip))
            objects          \(objectsReceived) GAME_OBJECT frames, \(f(objectsPerPlayerPerSecond)) per player per second; \(draggers) players dragging
            visible set      \(visibilitySampledSeconds == 0 ? "no samples" : "per player per second: \(f(cursorsPerPlayerPerSecond)) cursor frames from \(f(playersSeenPerSecond)) players, \(f(visibleChurnPerSecond, 2)) of them new (churn) (\(visibilitySampledPlayers) players sampled, \(visibilitySampledSeconds) player-seconds)")
            """
    }
}
