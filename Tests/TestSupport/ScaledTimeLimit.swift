import Testing

extension Trait where Self == TimeLimitTrait {
    /// A suite's or test's time limit, stretched by ``TestTime/scale`` like every other
    /// upper bound in the tests (`scripts/tsan-tests.sh` sets the scale), so that a run
    /// several times slower under ThreadSanitizer is not cut off as hung.
    /// Swift Testing counts time limits in whole minutes, so the product is rounded up.
    public static func scaledTimeLimit(minutes: Int) -> Self {
        let scaled = (Double(minutes) * TestTime.scale).rounded(.up)
        return .timeLimit(.minutes(Int(scaled)))
    }
}
