import NIOCore

/// Capped exponential backoff with jitter: the n-th wait is `initial · 2ⁿ` (at most
/// `maximum`), then shortened by up to `jitter` of itself, so that many clients
/// dropped together do not come back in lockstep.
struct ReconnectBackoff: Sendable {
    let initial: TimeAmount
    let maximum: TimeAmount
    /// The fraction of a wait that jitter may take off, 0...1.
    let jitter: Double
    private(set) var failures = 0

    init(initial: TimeAmount, maximum: TimeAmount, jitter: Double = 0.25) {
        precondition(initial.nanoseconds > 0 && maximum >= initial, "need 0 < initial <= maximum")
        precondition((0...1).contains(jitter), "jitter is a fraction")
        self.initial = initial
        self.maximum = maximum
        self.jitter = jitter
    }

    /// The uncapped-by-jitter wait before the next attempt (doubling, capped).
    var nextBase: TimeAmount {
        var base = initial.nanoseconds
        for _ in 0..<min(failures, 62) where base < maximum.nanoseconds {
            base = base.multipliedReportingOverflow(by: 2).overflow ? maximum.nanoseconds : base * 2
        }
        return .nanoseconds(min(base, maximum.nanoseconds))
    }

    /// The wait before the next attempt; each call counts one more failure.
    mutating func next<R: RandomNumberGenerator>(using generator: inout R) -> TimeAmount {
        let base = nextBase.nanoseconds
        failures += 1
        let cut = Double(base) * jitter * Double.random(in: 0...1, using: &generator)
        return .nanoseconds(base - Int64(cut))
    }

    mutating func next() -> TimeAmount {
        var generator = SystemRandomNumberGenerator()
        return next(using: &generator)
    }

    /// A session came up: start again from `initial`.
    mutating func reset() {
        failures = 0
    }
}
