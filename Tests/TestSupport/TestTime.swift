#if canImport(Glibc)
import Glibc
#endif
import NIOCore

/// How far the tests' upper bounds on waiting stretch.
///
/// Every wait in the tests ends on a state; its timeout only fails a test that hangs.
/// Under ThreadSanitizer or on a crowded machine everything runs several times slower,
/// and `MOUSY_TEST_TIME_SCALE` (a number, at least 1; `scripts/tsan-tests.sh` sets it)
/// multiplies those bounds so that a slow run is not mistaken for a hung one.
public enum TestTime {
    /// `MOUSY_TEST_TIME_SCALE`, or 1 when unset or not a number of at least 1.
    public static let scale: Double = {
        guard let raw = getenv("MOUSY_TEST_TIME_SCALE"),
              let value = Double(String(cString: raw)), value.isFinite, value >= 1
        else { return 1 }
        return value
    }()

    /// The usual upper bound on one wait, before ``scale``. Generous on purpose: it only
    /// fails a test that hangs, and a loaded machine (a load average of 30 on two cores
    /// has been seen while tests run) can take seconds for what takes milliseconds idle.
    public static let defaultBound: Duration = .seconds(30)

    /// `bound` stretched by ``scale``.
    public static func scaled(_ bound: Duration) -> Duration {
        bound * scale
    }

    /// `amount` stretched by ``scale``: for the NIO timeouts a test hands a client or a
    /// server (a connect timeout, a shutdown's grace period).
    public static func scaled(_ amount: TimeAmount) -> TimeAmount {
        .nanoseconds(Int64((Double(amount.nanoseconds) * scale).rounded()))
    }
}
