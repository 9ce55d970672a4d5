import NIOCore
@testable import Net
import TestSupport
import Testing

@Suite("ReconnectBackoff")
struct ReconnectBackoffTests {
    @Test("doubles from the initial wait to the cap, jitter only shortens, reset starts over")
    func schedule() {
        var backoff = ReconnectBackoff(initial: .milliseconds(500), maximum: .seconds(8), jitter: 0.25)
        var random = SplitMix64(seed: 7)
        let bases: [Int64] = [500, 1000, 2000, 4000, 8000, 8000, 8000]
        for base in bases {
            #expect(backoff.nextBase == .milliseconds(base))
            let wait = backoff.next(using: &random)
            #expect(wait <= .milliseconds(base))
            #expect(wait >= .nanoseconds(TimeAmount.milliseconds(base).nanoseconds * 3 / 4))
        }
        backoff.reset()
        #expect(backoff.nextBase == .milliseconds(500))
    }

    @Test("jitter spreads the waits of clients dropped together")
    func jitterSpreads() {
        var random = SplitMix64(seed: 1)
        let waits = Set((0..<20).map { _ in
            var backoff = ReconnectBackoff(initial: .milliseconds(500), maximum: .seconds(8))
            return backoff.next(using: &random)
        })
        #expect(waits.count > 10)
    }

    @Test("a huge number of failures stays at the cap")
    func noOverflow() {
        var backoff = ReconnectBackoff(initial: .nanoseconds(1), maximum: .seconds(8), jitter: 0)
        for _ in 0..<200 { _ = backoff.next() }
        #expect(backoff.next() == .seconds(8))
    }
}
