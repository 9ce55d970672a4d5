import NIOCore

/// One timer per event loop that drives the moves of every player on that loop.
///
/// The move period is cut into `slots` ticks; each player is given one slot and moves once
/// per period, at its slot's tick. One scheduled task per tick for the whole loop replaces
/// one per player and move (50,000 scheduled tasks a second for 5,000 players at 10 Hz).
/// A late tick also runs the slots it missed, up to one whole period: a loop that falls
/// further behind sends fewer moves, and the report shows the rate really sent.
/// Confined to its event loop.
final class MoveClock {
    /// Something that moves once per period.
    protocol Mover: AnyObject {
        func moveDue()
    }

    let eventLoop: any EventLoop
    let period: TimeAmount
    let slots: Int
    private var buckets: [[any Mover]]
    private var start: NIODeadline?
    /// The next slot to run, counted from `start`.
    private var nextSlot: Int64 = 0
    private var timer: Scheduled<Void>?
    private var movers = 0

    /// A clock for moves every `period` on `eventLoop`, cut into at most `slots` ticks
    /// (fewer when a tick would be shorter than a millisecond).
    init(eventLoop: any EventLoop, period: TimeAmount, slots: Int = 10) {
        self.eventLoop = eventLoop
        self.period = period
        self.slots = max(1, min(slots, Int(period.nanoseconds / 1_000_000)))
        self.buckets = Array(repeating: [], count: self.slots)
    }

    private var tick: TimeAmount { .nanoseconds(period.nanoseconds / Int64(slots)) }

    /// Adds a mover in a random slot (spreading the players' moves over the period).
    func add(_ mover: any Mover) {
        eventLoop.preconditionInEventLoop()
        buckets[Int.random(in: 0..<slots)].append(mover)
        movers += 1
        if timer == nil { startTicking() }
    }

    /// Takes a mover off the clock; the clock stops once it has none.
    func remove(_ mover: any Mover) {
        eventLoop.preconditionInEventLoop()
        for slot in buckets.indices {
            if let index = buckets[slot].firstIndex(where: { $0 === mover }) {
                buckets[slot].remove(at: index)
                movers -= 1
                break
            }
        }
        if movers == 0 {
            timer?.cancel()
            timer = nil
            start = nil
        }
    }

    private func startTicking() {
        let now = eventLoop.now
        start = now
        nextSlot = 0
        schedule(at: now)
    }

    private func schedule(at deadline: NIODeadline) {
        let bound = NIOLoopBound(self, eventLoop: eventLoop)
        timer = eventLoop.scheduleTask(deadline: deadline) { bound.value.due() }
    }

    private func due() {
        guard let start else { return }
        let tick = self.tick.nanoseconds
        let now = eventLoop.now
        let reached = (now - start).nanoseconds / tick
        // Missed slots are caught up, at most one period's worth: nobody moves twice in one tick.
        var slot = max(nextSlot, reached - Int64(slots) + 1)
        while slot <= reached {
            for mover in buckets[Int(slot % Int64(slots))] { mover.moveDue() }
            slot += 1
        }
        nextSlot = slot
        schedule(at: start + .nanoseconds(nextSlot * tick))
    }
}
