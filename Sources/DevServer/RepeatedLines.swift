/// Keeps a log readable under attack: a kind of line (its key, e.g. a refusal's reason)
/// is written at most once per interval, and the lines held back are counted and
/// summarised with the next one written, or by ``due(now:)`` once the interval is over.
/// Times are uptime nanoseconds. Confined to one event loop.
public struct RepeatedLines: Sendable {
    private struct Entry {
        var lastWritten: UInt64
        var heldBack = 0
    }

    /// The least time between two lines of one kind, in nanoseconds.
    public let interval: UInt64
    private var entries: [String: Entry] = [:]

    public init(intervalNanoseconds: UInt64 = 1_000_000_000) {
        self.interval = intervalNanoseconds
    }

    /// Whether a line of kind `key` may be written now: nil if it is held back (and
    /// counted), else the number of lines of that kind held back since the last written.
    public mutating func admit(_ key: String, now: UInt64) -> Int? {
        if var entry = entries[key] {
            if now - min(now, entry.lastWritten) < interval {
                entry.heldBack += 1
                entries[key] = entry
                return nil
            }
            entries[key] = Entry(lastWritten: now)
            return entry.heldBack
        }
        if entries.count >= 1024 { entries = entries.filter { now - min(now, $0.value.lastWritten) < interval } }
        entries[key] = Entry(lastWritten: now)
        return 0
    }

    /// True while some lines are held back (a summary is due later).
    public var isHoldingBack: Bool { entries.values.contains { $0.heldBack > 0 } }

    /// The kinds whose interval is over with lines still held back, and how many: their
    /// summaries are due now. Their counts start again from zero.
    public mutating func due(now: UInt64) -> [(key: String, count: Int)] {
        var summaries: [(key: String, count: Int)] = []
        for (key, entry) in entries where entry.heldBack > 0 && now - min(now, entry.lastWritten) >= interval {
            summaries.append((key, entry.heldBack))
            entries[key] = Entry(lastWritten: now)
        }
        return summaries.sorted { $0.key < $1.key }
    }
}
