import Histogram
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
@testable import DevServer
import Messages
import NIOCore
import Testing

@Suite("Server state, without sockets")
struct StateTests {
    @Test("moves with the same buttons coalesce; each button change keeps its place")
    func cursorChanges() {
        var changes = CursorChanges()
        let first = changes.record(CursorState(x: 1, y: 1))
        let second = changes.record(CursorState(x: 2, y: 2))
        #expect(first)
        #expect(!second)
        changes.record(CursorState(x: 3, y: 3, left: true))
        changes.record(CursorState(x: 4, y: 4, left: true))
        changes.record(CursorState(x: 5, y: 5))
        #expect(changes.takeNext() == CursorState(x: 2, y: 2))
        #expect(changes.takeNext() == CursorState(x: 4, y: 4, left: true))
        #expect(changes.takeNext() == CursorState(x: 5, y: 5))
        #expect(changes.takeNext() == nil)
        #expect(changes.isEmpty)
    }

    @Test("a click storm stays bounded")
    func cursorChangesBounded() {
        var changes = CursorChanges()
        for i in 0..<1_000 { changes.record(CursorState(x: Int32(i), left: i % 2 == 0)) }
        var count = 0
        var last: CursorState?
        while let next = changes.takeNext() {
            count += 1
            last = next
        }
        #expect(count == CursorChanges.maximumPending)
        #expect(last == CursorState(x: 999, left: false))
    }

    @Test("a single pending state and a click between ticks, each taken once, in order")
    func cursorChangesOneThenMore() {
        var changes = CursorChanges()
        let first = changes.record(CursorState(x: 1))
        #expect(first)
        #expect(changes.takeNext() == CursorState(x: 1))
        #expect(changes.isEmpty)
        let again = changes.record(CursorState(x: 2))
        #expect(again)
        changes.record(CursorState(x: 3, right: true))
        #expect(changes.takeNext() == CursorState(x: 2))
        #expect(!changes.isEmpty)
        changes.record(CursorState(x: 4, right: true))
        #expect(changes.takeNext() == CursorState(x: 4, right: true))
        #expect(changes.takeNext() == nil)
        changes.record(CursorState(x: 5))
        changes.removeAll()
        #expect(changes.isEmpty)
    }

    @Test("a resume token: its 16 bytes come back as the same token; other bytes do not match")
    func resumeToken() {
        let token = ResumeToken.random()
        let bytes = token.bytes
        #expect(bytes.count == ResumeToken.byteCount)
        #expect(token.matches(token.data))
        #expect(ResumeToken(bytes: bytes)?.bytes == bytes)
        #expect(ResumeToken.random().bytes != bytes)
        for index in bytes.indices {
            var other = bytes
            other[index] ^= 0x01
            #expect(!token.matches(Data(other)))
        }
        #expect(!token.matches(Data(bytes.dropLast())))
        #expect(!token.matches(Data(bytes + [0])))
        #expect(!token.matches(Data()))
        let known = ResumeToken(bytes: Array(UInt8(1)...16))
        #expect(known?.bytes == Array(UInt8(1)...16))
        #expect(known?.data == Data([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]))
    }

    @Test("the world view lists movers most recent first, then those who never moved, earliest first")
    func worldView() {
        var world = WorldView()
        for id in PlayerID(1)...4 { world.update(id: id, username: "p\(id)", state: CursorState(), moved: false) }
        #expect(world.mostRecent(10).map(\.id) == [1, 2, 3, 4])
        world.update(id: 3, username: "p3", state: CursorState(x: 30), moved: true)
        world.update(id: 2, username: "p2", state: CursorState(x: 20), moved: true)
        world.update(id: 5, username: "p5", state: CursorState(), moved: false)
        #expect(world.mostRecent(10).map(\.id) == [2, 3, 1, 4, 5])
        #expect(world.mostRecent(3).map(\.id) == [2, 3, 1])
        // A state change without a move (a repeat of the login presence) keeps the place.
        world.update(id: 4, username: "p4", state: CursorState(), moved: false)
        #expect(world.mostRecent(10).map(\.id) == [2, 3, 1, 4, 5])
        world.markAnnounced(2)
        let removedAnnounced = world.remove(2)
        let removedUnannounced = world.remove(5)
        let removedUnknown = world.remove(42)
        #expect(removedAnnounced)
        #expect(!removedUnannounced)
        #expect(!removedUnknown)
        #expect(world.mostRecent(10).map(\.id) == [3, 1, 4])
        #expect(world.state(of: 3) == CursorState(x: 30))
        #expect(world.count == 3)
    }

    @Test("a fan-out plan leaves out the receiver's own cursor and keeps at most `visible`")
    func fanOutPlan() throws {
        var frames = ByteBuffer()
        try Frame.encode(.playerLogout(.with { $0.username = "gone" }), into: &frames)
        let departuresEnd = frames.writerIndex
        var ends: [Int] = []
        var index: [PlayerID: Int] = [:]
        for (i, id) in [PlayerID(7), 8, 9].enumerated() {
            try Frame.encode(.playerCursor(.with { $0.username = "p\(id)" }), into: &frames)
            ends.append(frames.writerIndex)
            index[id] = i
        }
        let plan = FanOutPlan(
            frames: frames, departureCount: 1, departuresEnd: departuresEnd,
            cursorEnds: ends, cursorIndex: index, visible: 2
        )
        func names(_ receiver: PlayerID) throws -> [String] {
            let (first, second, count) = plan.slices(for: receiver)
            var decoder = FrameDecoder()
            var bytes = first ?? ByteBuffer()
            if var second { bytes.writeBuffer(&second) }
            var result: [String] = []
            while let message = try decoder.decode(from: &bytes) {
                switch message {
                case .playerCursor(let cursor): result.append(cursor.username)
                case .playerLogout(let logout): result.append("-" + logout.username)
                default: Issue.record("unexpected \(message)")
                }
            }
            #expect(result.count == count)
            return result
        }
        #expect(try names(8) == ["-gone", "p7", "p9"])
        #expect(try names(7) == ["-gone", "p8", "p9"])
        #expect(try names(42) == ["-gone", "p7", "p8"])
    }

    @Test("pings come due in order of their due time, however they were added")
    func pingSchedule() {
        let start = NIODeadline.now()
        var schedule = PingSchedule<String>()
        for (offset, name) in [(50, "e"), (10, "a"), (30, "d"), (20, "c"), (40, "f"), (10, "b")] {
            schedule.add(name, due: start + .milliseconds(Int64(offset)))
        }
        #expect(schedule.popDue(now: start) == nil)
        var order: [String] = []
        while let (_, name) = schedule.popDue(now: start + .milliseconds(35)) { order.append(name) }
        #expect(order.count == 4)
        #expect(Set(order.prefix(2)) == ["a", "b"])
        #expect(order.suffix(2) == ["c", "d"])
        #expect(schedule.count == 2)
        #expect(schedule.nextDue == start + .milliseconds(40))
    }

    @Test("usernames: 1 to 32 printable characters")
    func usernames() {
        #expect(LoginPolicy.problem(withUsername: "player1") == nil)
        #expect(LoginPolicy.problem(withUsername: "Hans Müller") == nil)
        #expect(LoginPolicy.problem(withUsername: "🐭") == nil)
        #expect(LoginPolicy.problem(withUsername: "") != nil)
        #expect(LoginPolicy.problem(withUsername: String(repeating: "a", count: 33)) != nil)
        #expect(LoginPolicy.problem(withUsername: "a\nb") != nil)
        #expect(LoginPolicy.problem(withUsername: "a\u{200B}b") != nil)  // zero-width space: format
        #expect(LoginPolicy.problem(withUsername: "trailing ") != nil)
    }

    @Test("passwords match exactly, whatever their lengths")
    func passwords() {
        #expect(LoginPolicy.passwordsMatch("welcome", "welcome"))
        #expect(!LoginPolicy.passwordsMatch("welcomE", "welcome"))
        #expect(!LoginPolicy.passwordsMatch("welcome1", "welcome"))
        #expect(!LoginPolicy.passwordsMatch("", "welcome"))
        #expect(!LoginPolicy.passwordsMatch("welcome", ""))
        #expect(LoginPolicy.passwordsMatch("", ""))
        // 256 bytes apart in length: the length check must not wrap.
        #expect(!LoginPolicy.passwordsMatch(String(repeating: "a", count: 256), ""))
    }

    @Test("a latency histogram answers percentiles to 1 %, and the difference of two snapshots")
    func latency() throws {
        var histogram = Histogram<UInt64>.latency()
        #expect(histogram.millis(atPercentile: 99) == nil)
        for _ in 0..<98 { histogram.record(nanoseconds: 300_000) }
        let earlier = histogram
        histogram.record(nanoseconds: 30_000_000)
        histogram.record(nanoseconds: 3_000_000_000)
        histogram.record(nanoseconds: -5)
        histogram.record(nanoseconds: 90_000_000_000)  // past the limit: counted as 60 s
        let p50 = try #require(histogram.millis(atPercentile: 50))
        #expect(abs(p50 - 0.3) <= 0.003)
        let p99 = try #require(histogram.millis(atPercentile: 99))
        #expect(abs(p99 - 3000) <= 30)
        let max = try #require(histogram.millis(atPercentile: 100))
        #expect(abs(max - 60_000) <= 600)
        let since = histogram.subtracting(earlier)
        #expect(since.totalCount == 4)
        #expect(since.countForValue(300) == 0)
        #expect(since.countForValue(0) == 1)
        #expect(since.countForValue(30_000) == 1)
    }
}
