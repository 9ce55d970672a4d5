/// Which changed boxes go out at each tick when a receiver may be sent at most `cap` of
/// them: the most recent changes first, except that a box whose receivers have waited
/// ``agingTicks`` or more for its state goes before them, the longest-waiting first.
///
/// Most-recent-first alone starves: when more boxes change every tick than the cap takes,
/// a box that has come to rest is never newer than the rest, and its receivers would keep
/// a wrong copy for as long as the world boils. With aging, every box's latest state
/// arrives within ``agingTicks`` plus the ticks the cap needs to send every box once.
/// Among changes of the same tick, the box sent least recently goes first, so that one
/// set of ids does not take the cap every tick. A box changed again before it was sent
/// goes out once, in its latest state. Pure: the server's world loop owns one.
public struct ChangeSchedule: Sendable {
    /// Ticks a receiver waits for a box's state before that box goes out ahead of newer
    /// changes (200 ms at 20 Hz).
    public static let agingTicks: UInt64 = 4

    /// Per box index: the tick of its oldest change not sent (0: nothing waits), of its
    /// latest change, and of its last sending.
    private var waitingSince: [UInt64]
    private var changedAt: [UInt64]
    private var sentAt: [UInt64]
    /// The indices with a change waiting, in no order.
    private var pending: [Int] = []

    /// A schedule for boxes with ids 1...`count` (a ``ShapeWorld``'s).
    public init(count: Int) {
        waitingSince = Array(repeating: 0, count: max(count, 0))
        changedAt = waitingSince
        sentAt = waitingSince
    }

    /// Boxes with a change not sent yet.
    public var waitingCount: Int { pending.count }

    /// Notes boxes (by id) changed at `tick` (ticks count from 1, as ``ShapeWorld``'s).
    public mutating func changed(_ ids: some Sequence<UInt32>, at tick: UInt64) {
        for id in ids {
            let index = Int(id) - 1
            guard waitingSince.indices.contains(index) else { continue }
            if waitingSince[index] == 0 {
                waitingSince[index] = tick
                pending.append(index)
            }
            changedAt[index] = tick
        }
    }

    /// The ids to send at `tick`, at most `cap`, in the order to send them; they count as
    /// sent, and the rest keep waiting.
    public mutating func take(upTo cap: Int, at tick: UInt64) -> [UInt32] {
        guard cap > 0, !pending.isEmpty else { return [] }
        if pending.count > cap {
            let aged = tick >= Self.agingTicks ? tick - Self.agingTicks : 0
            pending.sort { a, b in
                let agedA = waitingSince[a] <= aged
                let agedB = waitingSince[b] <= aged
                if agedA != agedB { return agedA }
                if agedA { return (waitingSince[a], a) < (waitingSince[b], b) }
                if changedAt[a] != changedAt[b] { return changedAt[a] > changedAt[b] }
                return (sentAt[a], a) < (sentAt[b], b)
            }
        }
        let taken = pending.prefix(cap)
        let ids = taken.map { UInt32($0 + 1) }
        for index in taken {
            waitingSince[index] = 0
            sentAt[index] = tick
        }
        pending.removeFirst(taken.count)
        return ids
    }
}
