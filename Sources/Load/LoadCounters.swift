import Histogram
import Atomics
import Messages
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
    let objects = ManagedAtomic<Int>(0)
    let logouts = ManagedAtomic<Int>(0)
    /// Silence checks that found the kernel still holding (or just given) data from the
    /// server: this process's own backlog, not a silent server.
    let backlogSilences = ManagedAtomic<Int>(0)
    /// Connections that got bytes that are not game frames before any login answer: the
    /// server is not a game server (an HTTP server, say).
    let notAGame = ManagedAtomic<Int>(0)
    /// Logins that ended before an answer for another reason (e.g. a reset).
    let lostBeforeLogin = ManagedAtomic<Int>(0)
    /// Refused logins by reason (``LoadCounters/kind(ofRefusal:)``): a few kinds at most.
    private let refusalKinds = NIOLockedValueBox<[String: Int]>([:])
    /// Set once the login phase and the warm-up are over: latency samples from then on
    /// describe the steady state.
    let steady = ManagedAtomic<Bool>(false)

    /// Every client's latency samples, in microseconds, handed in by each client when its
    /// channel closes: three histograms for the whole run, however many clients.
    private let latencies = NIOLockedValueBox(Latencies())

    func add(_ more: LatencySamples) {
        latencies.withLockedValue {
            for sample in more.cadence { $0.cadence.record(sample) }
            for sample in more.steadyCadence { $0.steadyCadence.record(sample) }
            for sample in more.steadyRoundTrip { $0.steadyRoundTrip.record(sample) }
            $0.visibility.add(more.visibility)
            if more.visibility.seconds > 0 { $0.visibilityPlayers += 1 }
        }
    }

    /// Counts a refusal (the client session's sentence) by its kind.
    func refused(_ sentence: String) {
        refused.wrappingIncrement(ordering: .relaxed)
        let kind = Self.kind(ofRefusal: sentence)
        refusalKinds.withLockedValue { kinds in
            // Bounded: a hostile server could make every reason different.
            if kinds[kind] != nil || kinds.count < 16 { kinds[kind, default: 0] += 1 } else { kinds["other", default: 0] += 1 }
        }
    }

    /// The refusals so far, by kind.
    var refusals: [String: Int] { refusalKinds.withLockedValue { $0 } }

    /// "bad credentials" from "The server refused the login: bad credentials.", and
    /// "too many failed logins from your address" from "...: too many failed logins from
    /// your address: try again in 3 s.": the reason without its figures, sanitised.
    static func kind(ofRefusal sentence: String) -> String {
        let prefix = "The server refused the login: "
        guard sentence.hasPrefix(prefix) else {
            return sentence.hasPrefix("The server closed the connection without accepting") ? "closed without a word" : "other"
        }
        var reason = String(sentence.dropFirst(prefix.count))
        if reason.hasSuffix(".") { reason.removeLast() }
        if let colon = reason.firstIndex(of: ":") { reason = String(reason[..<colon]) }
        return NetworkText.sanitized(reason, maximumBytes: 80)
    }

    var collected: Latencies {
        latencies.withLockedValue { $0 }
    }

    /// Connections whose login ended one way or another.
    var loginsSettled: Int {
        loggedIn.load(ordering: .relaxed) + refused.load(ordering: .relaxed) + connectFailed.load(ordering: .relaxed)
    }
}

/// All clients' latencies, in microseconds, to three significant digits.
struct Latencies: Sendable {
    /// Ping cadence error over the whole run, logins included.
    var cadence = Histogram<UInt64>(numberOfSignificantValueDigits: .three)
    /// Ping cadence error in the steady state.
    var steadyCadence = Histogram<UInt64>(numberOfSignificantValueDigits: .three)
    /// The server's `rtt_us` in the steady state.
    var steadyRoundTrip = Histogram<UInt64>(numberOfSignificantValueDigits: .three)
    /// What the sampled players saw of the others (summed), and how many contributed.
    var visibility = VisibilitySample()
    var visibilityPlayers = 0
}

/// One client's latency samples, in microseconds (a few per second: a short array until
/// the client hands them to ``LoadCounters``).
struct LatencySamples: Sendable {
    /// Ping cadence error over the whole run, logins included.
    var cadence: [UInt64] = []
    /// Ping cadence error in the steady state.
    var steadyCadence: [UInt64] = []
    /// The server's `rtt_us` in the steady state.
    var steadyRoundTrip: [UInt64] = []
    /// What this client saw of the others, if it is one of the sampled players.
    var visibility = VisibilitySample()
}
