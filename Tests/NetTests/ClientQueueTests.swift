#if canImport(Glibc)
import Glibc
#endif
import Dispatch
import Messages
import NIOConcurrencyHelpers
import NIOCore
@testable import Net
import Foundation
import TestSupport
import Testing

@Suite("ClientQueue")
struct ClientQueueTests {
    static func move(_ x: Int32, _ y: Int32 = 0, left: Bool = false, right: Bool = false) -> ClientCommand {
        .move(x: x, y: y, left: left, right: right)
    }

    static func cursor(_ name: String, _ x: Int32) -> ClientEvent {
        var cursor = PlayerCursor()
        cursor.username = name
        cursor.x = x
        return .cursor(cursor)
    }

    static func ping(_ sent: UInt64) -> ClientEvent {
        .ping(PingReport(length: 9, roundTripMicros: 100, sentEpochMicros: sent, receivedAtMicros: sent + 50))
    }

    static func readable(_ fd: Int32) -> Bool {
        var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        return poll(&pfd, 1, 0) == 1 && pfd.revents & Int16(POLLIN) != 0
    }

    // MARK: UI → network

    @Test("consecutive motion coalesces to the newest position")
    func motionCoalesces() {
        let queue = ClientQueue()
        for x in Int32(1)...5 { queue.send(Self.move(x)) }
        #expect(queue.takeCommands() == [Self.move(5)])
        #expect(queue.counters.coalescedMoves == 4)
        #expect(queue.takeCommands() == [])
    }

    @Test("a button change is never merged, dropped or reordered; the last position goes out")
    func buttonChangesKept() {
        let queue = ClientQueue()
        queue.send(Self.move(1))
        queue.send(Self.move(2))                 // merges into 1
        queue.send(Self.move(3, left: true))     // press: kept
        queue.send(Self.move(4, left: true))     // motion after the press: kept apart from it
        queue.send(Self.move(5, left: true))     // merges into 4
        queue.send(Self.move(6))                 // release: kept
        queue.send(Self.move(7, right: true))    // another press: kept
        queue.send(Self.move(8, right: true))    // last position: kept
        #expect(queue.takeCommands() == [
            Self.move(2), Self.move(3, left: true), Self.move(5, left: true),
            Self.move(6), Self.move(7, right: true), Self.move(8, right: true),
        ])
        #expect(queue.counters.coalescedMoves == 2)
    }

    @Test("a press and release in one batch both go out, even at the same cell")
    func clickAtOneCell() {
        let queue = ClientQueue()
        queue.send(Self.move(3, 3, left: true))
        queue.send(Self.move(3, 3))
        queue.send(Self.move(3, 3, left: true))
        queue.send(Self.move(3, 3))
        #expect(queue.takeCommands() == [
            Self.move(3, 3, left: true), Self.move(3, 3), Self.move(3, 3, left: true), Self.move(3, 3),
        ])
        #expect(queue.counters.coalescedMoves == 0)
    }

    @Test("button state carries across batches: motion after a taken press is not a change")
    func buttonStateAcrossBatches() {
        let queue = ClientQueue()
        queue.send(Self.move(1, left: true))
        #expect(queue.takeCommands() == [Self.move(1, left: true)])
        queue.send(Self.move(2, left: true))
        queue.send(Self.move(3, left: true))
        #expect(queue.takeCommands() == [Self.move(3, left: true)])
        queue.send(Self.move(4))
        queue.send(Self.move(5))
        #expect(queue.takeCommands() == [Self.move(4), Self.move(5)])
    }

    @Test("a message for the server keeps its place and splits the motion around it")
    func messageKeepsItsPlace() {
        let queue = ClientQueue()
        let message = WireMessage.playerLogout(.with { $0.reason = "a test" })
        queue.send(Self.move(1))
        queue.send(.send(message))
        queue.send(Self.move(2))
        queue.send(Self.move(3))
        #expect(queue.takeCommands() == [Self.move(1), .send(message), Self.move(3)])
        queue.post(Self.cursor("ann", 1))
        queue.post(.message(message))
        queue.post(Self.cursor("ann", 2))
        #expect(queue.takeEvents() == [Self.cursor("ann", 2), .message(message)])
    }

    @Test("quit goes out after what came before it; nothing is accepted after it")
    func quitIsLast() {
        let queue = ClientQueue()
        queue.send(Self.move(1))
        queue.send(.quit)
        queue.send(Self.move(2))
        queue.send(.quit)
        #expect(queue.isQuitRequested)
        #expect(queue.takeCommands() == [Self.move(1), .quit])
        #expect(queue.takeCommands() == [])
    }

    @Test("the network is woken once per batch, and again after it takes the batch")
    func wakerOncePerBatch() {
        let queue = ClientQueue()
        let wakes = NIOLockedValueBox(0)
        queue.send(Self.move(1))
        queue.setCommandWaker { wakes.withLockedValue { $0 += 1 } }
        #expect(wakes.withLockedValue { $0 } == 1)  // commands were already waiting
        queue.send(Self.move(2))
        queue.send(Self.move(3, left: true))
        #expect(wakes.withLockedValue { $0 } == 1)
        _ = queue.takeCommands()
        queue.send(Self.move(4, left: true))
        #expect(wakes.withLockedValue { $0 } == 2)
        queue.setCommandWaker(nil)
        _ = queue.takeCommands()
        queue.send(Self.move(5))
        #expect(wakes.withLockedValue { $0 } == 2)
    }

    /// A random single-threaded history checked against the rules: what is taken is the
    /// sent sequence minus merged motion, where a move is merged away only when the next
    /// move sent is a plain motion with the same buttons and nobody took in between.
    @Test("random sends and takes obey the coalescing rules", arguments: 0..<20)
    func randomHistory(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        let queue = ClientQueue()
        var sent: [(command: ClientCommand, batch: Int)] = []
        var taken: [ClientCommand] = []
        var batch = 0
        for i in 0..<2_000 {
            if random.next() % 7 == 0 {
                taken += queue.takeCommands()
                batch += 1
            }
            let buttons = random.next() % 10  // mostly unchanged buttons
            let left = buttons == 0, right = buttons == 1
            let command = Self.move(Int32(i), Int32(random.next() % 50), left: left, right: right)
            queue.send(command)
            sent.append((command, batch))
        }
        taken += queue.takeCommands()

        var expected: [ClientCommand] = []
        var previousButtons = (false, false)
        var tailMergeable = false
        var lastBatch = -1
        for (command, batchOfSend) in sent {
            guard case .move(_, _, let left, let right) = command else { continue }
            let isChange = previousButtons != (left, right)
            previousButtons = (left, right)
            if !isChange, tailMergeable, batchOfSend == lastBatch {
                expected[expected.count - 1] = command
            } else {
                expected.append(command)
            }
            tailMergeable = !isChange
            lastBatch = batchOfSend
        }
        #expect(taken == expected)
        #expect(taken.last == sent.last?.command)
        #expect(taken.count + queue.counters.coalescedMoves == sent.count)
    }

    /// Several producers, one consumer. Each producer owns a button combination, so a
    /// move is a button change exactly when the move before it came from another
    /// producer. Such a move must arrive; so the only moves a producer may miss are runs
    /// of its own motion with no other producer's move in between.
    @Test("stress: several producers, one consumer; no button change lost or reordered")
    func stress() throws {
        let queue = ClientQueue()
        let producers = 4
        let perProducer = 20_000
        let signal = DispatchSemaphore(value: 0)
        queue.setCommandWaker { signal.signal() }
        let buttons: [(Bool, Bool)] = [(false, false), (true, false), (false, true), (true, true)]

        let received = NIOLockedValueBox<[ClientCommand]>([])
        let done = DispatchGroup()
        DispatchQueue.global().async(group: done) {
            var got: [ClientCommand] = []
            while got.last != .quit {
                signal.wait()
                got += queue.takeCommands()
            }
            received.withLockedValue { $0 = got }
        }
        let producing = DispatchGroup()
        for p in 0..<producers {
            DispatchQueue.global().async(group: producing) {
                let (left, right) = buttons[p]
                for y in 0..<perProducer {
                    queue.send(.move(x: Int32(p), y: Int32(y), left: left, right: right))
                    if y % 64 == 0 { sched_yield() }
                }
            }
        }
        producing.wait()
        queue.send(.quit)
        done.wait()
        let got = received.withLockedValue { $0 }
        #expect(got.last == .quit)
        let moves = got.dropLast().map { command -> (p: Int, y: Int32, left: Bool, right: Bool) in
            guard case .move(let x, let y, let left, let right) = command else { fatalError("not a move") }
            return (Int(x), y, left, right)
        }
        #expect(moves.count + queue.counters.coalescedMoves == producers * perProducer)
        #expect(queue.counters.coalescedMoves > 0)  // the consumer did fall behind

        var lastIndexOf: [Int: (index: Int, y: Int32)] = [:]
        for (index, move) in moves.enumerated() {
            #expect(buttons[move.p] == (move.left, move.right))
            if let last = lastIndexOf[move.p] {
                #expect(move.y > last.y, "producer \(move.p) reordered")
                if move.y > last.y + 1 {
                    // A gap: the missing moves were merged motion, so nobody else's move
                    // (which would have been a button change) can sit between.
                    #expect(index == last.index + 1, "producer \(move.p) lost moves \(last.y + 1)..<\(move.y) across another producer's move")
                }
            } else {
                // Every producer's first move is a button change (and always arrives),
                // except producer 0's if it came first of all: its buttons match the start.
                #expect(move.y == 0 || (move.p == 0 && index == 0), "producer \(move.p) lost its first moves")
            }
            lastIndexOf[move.p] = (index, move.y)
        }
        for p in 0..<producers {
            #expect(lastIndexOf[p]?.y == Int32(perProducer - 1), "producer \(p)'s last position did not go out")
        }
    }

    // MARK: Network → UI

    @Test("events come out in order; a player's cursor is replaced in place")
    func cursorsCoalescePerPlayer() {
        let queue = ClientQueue()
        queue.post(.loggedIn(welcome: nil))
        queue.post(Self.cursor("ann", 1))
        queue.post(Self.cursor("bob", 1))
        queue.post(Self.ping(1))
        queue.post(Self.cursor("ann", 2))
        queue.post(Self.cursor("ann", 3))
        queue.post(Self.cursor("bob", 2))
        #expect(queue.takeEvents() == [
            .loggedIn(welcome: nil), Self.cursor("ann", 3), Self.cursor("bob", 2), Self.ping(1),
        ])
        #expect(queue.counters.coalescedCursors == 3)
        queue.post(Self.cursor("ann", 4))
        #expect(queue.takeEvents() == [Self.cursor("ann", 4)])
    }

    @Test("a cursor after a player left, or after a session event, is not moved before it")
    func cursorsDoNotJumpBoundaries() {
        let queue = ClientQueue()
        queue.post(Self.cursor("ann", 1))
        queue.post(.playerLeft(username: "ann", reason: "quit"))
        queue.post(Self.cursor("ann", 2))
        queue.post(Self.cursor("bob", 1))
        queue.post(.disconnected(reason: "gone"))
        queue.post(Self.cursor("bob", 2))
        queue.post(Self.cursor("ann", 3))
        #expect(queue.takeEvents() == [
            Self.cursor("ann", 1), .playerLeft(username: "ann", reason: "quit"), Self.cursor("ann", 2),
            Self.cursor("bob", 1), .disconnected(reason: "gone"), Self.cursor("bob", 2), Self.cursor("ann", 3),
        ])
    }

    @Test("the event queue is bounded; session events and leaves of known players are always kept")
    func bounded() {
        let queue = ClientQueue(eventCapacity: 4)
        queue.post(Self.cursor("old", 1))
        for i in UInt64(0)..<10 { queue.post(Self.ping(i)) }
        queue.post(Self.cursor("new", 1))                     // full: dropped
        queue.post(.playerLeft(username: "old", reason: "x")) // kept: its cursor was passed on
        queue.post(.disconnected(reason: "gone"))             // kept
        queue.post(.stopped)                                  // kept
        #expect(queue.takeEvents() == [
            Self.cursor("old", 1), Self.ping(0), Self.ping(1), Self.ping(2),
            .playerLeft(username: "old", reason: "x"), .disconnected(reason: "gone"), .stopped,
        ])
        #expect(queue.counters.droppedEvents == 8)

        // A player already waiting still gets the newest position while full.
        queue.post(Self.cursor("ann", 1))
        for i in UInt64(0)..<3 { queue.post(Self.ping(i)) }
        queue.post(Self.cursor("ann", 2))
        #expect(queue.takeEvents() == [Self.cursor("ann", 2), Self.ping(0), Self.ping(1), Self.ping(2)])
    }

    @Test("the wake descriptor is readable exactly while events wait")
    func wakeDescriptor() {
        let queue = ClientQueue()
        let fd = queue.wakeFileDescriptor
        #expect(!Self.readable(fd))
        queue.send(Self.move(1))  // commands do not wake the UI
        #expect(!Self.readable(fd))
        queue.post(Self.ping(1))
        #expect(Self.readable(fd))
        queue.post(Self.ping(2))
        queue.post(Self.cursor("ann", 1))
        #expect(Self.readable(fd))
        #expect(queue.takeEvents().count == 3)
        #expect(!Self.readable(fd))
        #expect(queue.takeEvents() == [])
        #expect(!Self.readable(fd))
        for round in UInt64(0)..<100 {
            queue.post(Self.ping(round))
            #expect(Self.readable(fd))
            #expect(queue.takeEvents() == [Self.ping(round)])
            #expect(!Self.readable(fd))
        }
    }

    @Test("a UI sleeping in poll() is woken by an event from another thread")
    func wakesASleepingPoller() async {
        let queue = ClientQueue()
        // The poster is a thread, and so is the poller: a blocked poll() on the cooperative
        // pool could keep a poster task from ever running.
        Thread {
            usleep(50_000)
            queue.post(.stopped)
        }.start()
        let ready = await offPool {
            var pfd = pollfd(fd: queue.wakeFileDescriptor, events: Int16(POLLIN), revents: 0)
            return poll(&pfd, 1, 10_000)
        }
        #expect(ready == 1)
        #expect(queue.takeEvents() == [.stopped])
    }
}
