import DequeModule
import NIOCore

/// When each player of one event loop is due its next ping. Every player has the same
/// interval, so due times come out in the order they go in: a FIFO queue replaces a heap
/// of timers, and one timer per loop (armed for the front) serves all its players.
/// A player is rescheduled from its previous due time, not from when it was served, so
/// the cadence does not drift.
struct PingSchedule {
    /// Players due within this much of the front are served by the same timer firing.
    static let coalescing: TimeAmount = .milliseconds(1)

    private var queue: Deque<(due: NIODeadline, session: PlayerSession)> = []

    var nextDue: NIODeadline? { queue.first?.due }
    var count: Int { queue.count }

    mutating func add(_ session: PlayerSession, due: NIODeadline) {
        queue.append((due, session))
    }

    /// Removes and returns the front entry if it is due by `now` (within the coalescing slack).
    mutating func popDue(now: NIODeadline) -> (due: NIODeadline, session: PlayerSession)? {
        guard let first = queue.first, first.due <= now + Self.coalescing else { return nil }
        return queue.removeFirst()
    }
}
