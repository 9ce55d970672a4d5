import NIOCore
import Testing
@testable import Load

@Suite("mousy load's view of the visible set")
struct VisibilitySampleTests {
    private let start = NIODeadline.uptimeNanoseconds(1_000_000_000_000)

    private func at(_ seconds: Double) -> NIODeadline {
        start + .nanoseconds(Int64(seconds * 1e9))
    }

    @Test("a stable set has no churn; a set that turns over has")
    func churn() {
        var stable = VisibilitySample()
        var turning = VisibilitySample()
        for second in 0..<5 {
            for tenth in 0..<10 {
                let t = Double(second) + Double(tenth) / 10
                for player in 0..<3 { stable.record("p\(player)", at: at(t)) }
                turning.record("q\(second * 10 + tenth)", at: at(t))
            }
        }
        stable.roll(to: at(5))
        turning.roll(to: at(5))
        // The first second is the baseline; four are counted.
        #expect(stable.seconds == 4 && stable.cursors == 120 && stable.distinct == 12 && stable.entered == 0)
        #expect(turning.seconds == 4 && turning.cursors == 40 && turning.distinct == 40 && turning.entered == 40)
    }

    @Test("a quiet second is an empty window: whoever comes back has entered again")
    func quietSecond() {
        var sample = VisibilitySample()
        sample.record("a", at: at(0))
        sample.record("a", at: at(1.5))
        sample.record("a", at: at(3.2))
        sample.roll(to: at(4))
        // Windows [1,2): a (not new); [2,3): none; [3,4): a (new again).
        #expect(sample.seconds == 3 && sample.entered == 1 && sample.distinct == 2)
    }
}
