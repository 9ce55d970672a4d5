import NIOCore
import NIOEmbedded
import Testing

@testable import Load

@Suite("mousy load's move clock: one timer per event loop drives every player's moves")
struct MoveClockTests {
    private final class Counter: MoveClock.Mover {
        var moves = 0
        func moveDue() { moves += 1 }
    }

    @Test("every mover moves once per period, on the loop's virtual time")
    func rate() {
        let loop = EmbeddedEventLoop()
        let clock = MoveClock(eventLoop: loop, period: .milliseconds(100), slots: 10)
        let movers = (0..<50).map { _ in Counter() }
        for mover in movers { clock.add(mover) }
        // Ticks at 0, 10, ..., 990 ms: each slot's tick came 10 times.
        loop.advanceTime(by: .milliseconds(995))
        #expect(movers.map(\.moves) == Array(repeating: 10, count: 50))
        try? loop.syncShutdownGracefully()
    }

    @Test("a removed mover moves no more; the others go on, and an empty clock stops")
    func removal() {
        let loop = EmbeddedEventLoop()
        let clock = MoveClock(eventLoop: loop, period: .milliseconds(100), slots: 4)
        let (a, b) = (Counter(), Counter())
        clock.add(a)
        clock.add(b)
        // Ticks at 0, 25, ..., 275 ms: three for each of the four slots.
        loop.advanceTime(by: .milliseconds(299))
        #expect(a.moves == 3 && b.moves == 3)
        clock.remove(a)
        loop.advanceTime(by: .milliseconds(300))
        #expect(a.moves == 3 && b.moves == 6)
        clock.remove(b)
        loop.advanceTime(by: .seconds(1))
        #expect(b.moves == 6)
        // Added again: it starts over, one move in the first period.
        clock.add(b)
        loop.advanceTime(by: .milliseconds(99))
        #expect(b.moves == 7)
        try? loop.syncShutdownGracefully()
    }

    @Test("a period shorter than the slots is cut into whole milliseconds")
    func shortPeriod() {
        let loop = EmbeddedEventLoop()
        let clock = MoveClock(eventLoop: loop, period: .milliseconds(4), slots: 10)
        #expect(clock.slots == 4)
        let mover = Counter()
        clock.add(mover)
        loop.advanceTime(by: .milliseconds(399))
        #expect(mover.moves == 100)
        try? loop.syncShutdownGracefully()
    }
}
