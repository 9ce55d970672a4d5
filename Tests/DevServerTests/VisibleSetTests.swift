import Testing
@testable import DevServer

@Suite("The visible set")
struct VisibleSetTests {
    private let second: UInt64 = 1_000_000_000

    private func update(_ id: PlayerID, at activity: UInt64) -> CursorUpdate {
        CursorUpdate(id: id, username: "p\(id)", state: CursorState(x: Int32(id), y: 1), activity: activity)
    }

    /// One pass in which `ids` moved at `now`, most recent first as fan-out orders them.
    private func pass(_ set: inout VisibleSet, _ ids: [PlayerID], now: UInt64) -> [PlayerID] {
        set.admit(ids.map { update($0, at: now) }, everyoneFits: false, now: now).map(\.id)
    }

    @Test("it fills with the players who move, up to its capacity; the others are not sent")
    func fills() {
        var set = VisibleSet(capacity: 3)
        #expect(pass(&set, [5, 4, 3, 2, 1], now: 10 * second) == [5, 4, 3])
        #expect(set.count == 3 && set.admissions == 3)
    }

    @Test("members who keep moving keep their places, however many others move: no churn")
    func stableWhileActive() {
        var set = VisibleSet(capacity: 4)
        let everyone = Array(PlayerID(1)...100)
        var now = 10 * second
        _ = pass(&set, everyone.shuffled(), now: now)
        let members = Set(set.byActivity)
        for _ in 0..<600 {  // ten minutes of 1 s passes, in a new order each time
            now += second
            let shown = pass(&set, everyone.shuffled(), now: now)
            #expect(shown.count == 4 && Set(shown) == members)
        }
        #expect(set.admissions == 4 && set.evictions == 0)
    }

    @Test("a member still for the hold time gives its place to a mover; a shorter pause keeps it")
    func idleMemberReplaced() {
        var set = VisibleSet(capacity: 2, hold: 3 * second)
        var now = 10 * second
        _ = pass(&set, [1, 2], now: now)
        // 2 pauses; 3 moves and waits.
        now += 2 * second
        #expect(pass(&set, [1, 3], now: now) == [1])
        now += 999_999_999
        #expect(pass(&set, [1, 3], now: now) == [1])
        now += 1
        #expect(pass(&set, [1, 3], now: now) == [1, 3])
        #expect(Set(set.byActivity) == [1, 3])
        #expect(set.admissions == 3 && set.evictions == 1)
        // 2 moves again: it waits for a place like anyone else.
        #expect(pass(&set, [2], now: now + second) == [])
    }

    @Test("a departure frees a place at once")
    func departure() {
        var set = VisibleSet(capacity: 2)
        _ = pass(&set, [1, 2], now: second)
        #expect(pass(&set, [3], now: 2 * second) == [])
        set.remove(1)
        #expect(pass(&set, [3], now: 2 * second) == [3])
        #expect(Set(set.byActivity) == [2, 3])
    }

    @Test("players who never moved are shown only while everyone fits, and give way to any mover")
    func neverMoved() {
        var set = VisibleSet(capacity: 2)
        let idle = [update(1, at: 0), update(2, at: 0)]
        #expect(set.admit(idle, everyoneFits: false, now: second).isEmpty)
        #expect(set.admit(idle, everyoneFits: true, now: second).map(\.id) == [1, 2])
        #expect(set.byActivity == [1, 2])
        #expect(pass(&set, [3], now: second) == [3])
        #expect(set.byActivity == [3, 2])
    }
}
