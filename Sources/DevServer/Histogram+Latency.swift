import Histogram

/// A histogram of latencies in microseconds (hdrhistogram-swift's `Histogram`; the name
/// tells it apart from Prometheus's `Histogram` where both modules are imported).
public typealias LatencyHistogram = Histogram<UInt64>

extension Histogram where Count == UInt64 {
    /// The longest latency tracked, in microseconds; a later one is recorded as this.
    public static var latencyLimitMicros: UInt64 { 60_000_000 }

    /// An empty latency histogram in microseconds with two significant digits: 1 % precise
    /// percentiles, cheap to record into on an event loop. It grows with the largest value
    /// recorded (about 20 KB at the 60 s limit), so an unused one costs next to nothing.
    public static func latency() -> Self {
        Self(numberOfSignificantValueDigits: .two)
    }

    /// Records a latency given in nanoseconds (negative counts as 0, past the limit as the limit).
    public mutating func record(nanoseconds: Int64) {
        record(Swift.min(UInt64(Swift.max(nanoseconds, 0) / 1000), Self.latencyLimitMicros))
    }

    /// The values recorded in `self` but not in `earlier`: the samples taken between two
    /// snapshots of one growing histogram.
    public func subtracting(_ earlier: Self) -> Self {
        var difference = Self(numberOfSignificantValueDigits: numberOfSignificantValueDigits)
        for bucket in recordedValues() {
            // `earlier` may have grown less far: past its largest value it counted none.
            let before = earlier.totalCount > 0 && bucket.value <= earlier.max ? earlier.countForValue(bucket.value) : 0
            if bucket.count > before { difference.record(bucket.value, count: bucket.count - before) }
        }
        return difference
    }

    /// The value at `percentile` (0 to 100) in milliseconds, or nil when nothing was recorded.
    public func millis(atPercentile percentile: Double) -> Double? {
        totalCount == 0 ? nil : Double(valueAtPercentile(percentile)) / 1000
    }
}
