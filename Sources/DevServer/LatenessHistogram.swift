/// How late pings went out compared with their due time, in a few fixed buckets: cheap to
/// record on the hot path, summable across loops, subtractable between two samples.
public struct LatenessHistogram: Sendable, Hashable {
    /// Upper bounds of the buckets, in milliseconds; the last bucket holds everything later.
    public static let boundsMillis: [Double] = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000]

    /// Counts per bucket; one more than `boundsMillis`.
    public private(set) var counts = [Int](repeating: 0, count: LatenessHistogram.boundsMillis.count + 1)

    public init() {}

    var total: Int { counts.reduce(0, +) }

    mutating func record(lateNanoseconds: Int64) {
        let millis = Double(lateNanoseconds) / 1e6
        var index = 0
        while index < Self.boundsMillis.count, millis > Self.boundsMillis[index] { index += 1 }
        counts[index] += 1
    }

    /// The bucket bound under which `fraction` of the samples fall (infinity past the last).
    public func quantileUpperBoundMillis(_ fraction: Double) -> Double? {
        let total = self.total
        guard total > 0 else { return nil }
        let wanted = Int((Double(total) * fraction).rounded(.up))
        var seen = 0
        for (index, count) in counts.enumerated() {
            seen += count
            if seen >= wanted {
                return index < Self.boundsMillis.count ? Self.boundsMillis[index] : .infinity
            }
        }
        return .infinity
    }

    static func + (a: LatenessHistogram, b: LatenessHistogram) -> LatenessHistogram {
        var sum = a
        for index in sum.counts.indices { sum.counts[index] += b.counts[index] }
        return sum
    }

    static func - (a: LatenessHistogram, b: LatenessHistogram) -> LatenessHistogram {
        var difference = a
        for index in difference.counts.indices { difference.counts[index] -= b.counts[index] }
        return difference
    }
}
