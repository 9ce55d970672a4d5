import NIOCore

/// What one sampled player of `mousy load` saw of the others, second by second, in the
/// steady state: the cursor frames it got, from how many distinct players, and how many
/// of those it had not heard from in the second before (the churn of its visible set).
struct VisibilitySample: Sendable {
    /// Players (the first this many) that keep a sample: a set insert per cursor frame
    /// is too dear for all of them.
    static let sampledPlayers = 20

    /// Whole seconds observed after the first (which only sets the baseline).
    private(set) var seconds = 0
    private(set) var cursors = 0
    /// The sum over those seconds of the distinct players heard from.
    private(set) var distinct = 0
    /// The sum over those seconds of the players heard from that were not the second before.
    private(set) var entered = 0

    private var windowStart: NIODeadline?
    private var current: Set<String> = []
    private var cursorsInWindow = 0
    private var previous: Set<String>?

    /// A PLAYER_CURSOR from `name` arrived at `now`.
    mutating func record(_ name: String, at now: NIODeadline) {
        roll(to: now)
        current.insert(name)
        cursorsInWindow += 1
    }

    /// Closes the seconds that have ended by `now`.
    mutating func roll(to now: NIODeadline) {
        guard let start = windowStart else {
            windowStart = now
            return
        }
        let elapsed = Int((now - start).nanoseconds / 1_000_000_000)
        guard elapsed >= 1 else { return }
        close()
        // Whole seconds without a single cursor: empty windows.
        for _ in 1..<elapsed { close() }
        windowStart = start + .seconds(Int64(elapsed))
    }

    private mutating func close() {
        if let previous {
            seconds += 1
            cursors += cursorsInWindow
            distinct += current.count
            entered += current.subtracting(previous).count
        }
        previous = current
        current = []
        cursorsInWindow = 0
    }

    /// Adds another player's sample to this one (the sums; the windows are its own).
    mutating func add(_ other: VisibilitySample) {
        seconds += other.seconds
        cursors += other.cursors
        distinct += other.distinct
        entered += other.entered
    }
}
