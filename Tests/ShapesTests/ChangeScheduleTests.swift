@testable import Shapes
import Testing

@Suite("Change schedule: which changed boxes a receiver is sent each tick, under a cap")
struct ChangeScheduleTests {
    @Test("under the cap, every changed box goes out at its tick, once, in its latest state")
    func underTheCap() {
        var schedule = ChangeSchedule(count: 10)
        schedule.changed([3, 1, 3, 7], at: 1)
        #expect(Set(schedule.take(upTo: 8, at: 1)) == [1, 3, 7])
        #expect(schedule.take(upTo: 8, at: 2).isEmpty)
        #expect(schedule.waitingCount == 0)
        schedule.changed([99, 0], at: 3)  // ids the world does not have
        #expect(schedule.waitingCount == 0)
    }

    @Test("over the cap, the most recent changes go first, and a tick's changes take turns")
    func mostRecentFirst() {
        var schedule = ChangeSchedule(count: 10)
        schedule.changed(1...6, at: 1)
        let first = schedule.take(upTo: 2, at: 1)
        #expect(first.count == 2)
        schedule.changed([9], at: 2)
        #expect(schedule.take(upTo: 1, at: 2) == [9])
        // Boxes changed again together: those sent least recently go first.
        schedule.changed(1...6, at: 3)
        let third = schedule.take(upTo: 4, at: 3)
        #expect(Set(third).isDisjoint(with: first))
        #expect(Set(third) == Set(1...6).subtracting(first))
    }

    @Test("a box at rest while more boxes than the cap change every tick still goes out, within the bound")
    func deferredChangeArrives() {
        let count = 40
        let cap = 8
        let bound = ChangeSchedule.agingTicks + UInt64((count + cap - 1) / cap)
        var schedule = ChangeSchedule(count: count)
        var lastSent = [UInt64](repeating: 0, count: count + 1)
        var restingSentAt: UInt64?
        for tick in UInt64(1)...200 {
            // Every box changes at tick 1; then all but box 40 change every tick.
            schedule.changed(tick == 1 ? 1...UInt32(count) : 1...UInt32(count - 1), at: tick)
            let sent = schedule.take(upTo: cap, at: tick)
            #expect(sent.count == cap)
            for id in sent { lastSent[Int(id)] = tick }
            if sent.contains(UInt32(count)) {
                #expect(restingSentAt == nil, "box \(count) sent twice")
                restingSentAt = tick
            }
            // No box that keeps changing waits longer than the bound either.
            for id in 1..<count {
                #expect(tick - lastSent[id] <= bound, "box \(id) not sent since tick \(lastSent[id]) at tick \(tick)")
            }
        }
        #expect(restingSentAt.map { $0 <= 1 + bound } == true, "box \(count) sent at \(String(describing: restingSentAt))")
    }

    @Test("a world dragged hard under a small cap: once it settles, every receiver's copy is the world")
    func copyConvergesAfterTheBoil() {
        var configuration = ShapeWorldConfiguration()
        configuration.count = 120
        configuration.seed = 5
        var world = ShapeWorld(configuration: configuration)
        var schedule = ChangeSchedule(count: world.boxes.count)
        var copy = world.boxes  // a receiver that joined before the first tick
        var maxWaiting = 0
        for tick in 0..<600 {
            if tick < 300 {
                for player in UInt32(1)...30 {
                    let phase = (tick + Int(player) * 7) % 40
                    let box = world.boxes[Int(player * 3) % world.boxes.count]
                    let x = phase == 0 ? box.x + 1 : Int32((tick * 7 + Int(player) * 53) % 800)
                    let y = phase == 0 ? box.y + 1 : Int32((tick * 5 + Int(player) * 31) % 600)
                    world.submit(DragInput(player: player, x: x, y: y, left: phase < 38))
                }
            } else if tick == 300 {
                for player in UInt32(1)...30 { world.submit(DragInput(player: player, x: 0, y: 0, left: false)) }
            }
            let changed = world.step()
            schedule.changed(changed.lazy.map(\.id), at: world.tickCount)
            maxWaiting = max(maxWaiting, schedule.waitingCount)
            for id in schedule.take(upTo: 6, at: world.tickCount) { copy[Int(id) - 1] = world.boxes[Int(id) - 1] }
        }
        #expect(maxWaiting > 6)  // the cap was really binding
        #expect(world.isSettled)
        #expect(schedule.waitingCount == 0)
        #expect(copy == world.boxes)
    }
}
