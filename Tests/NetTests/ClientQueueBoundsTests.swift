import Messages
@testable import Net
import Testing

/// The UI queue under a flood, read or not: bounded, and nothing the UI must see is lost
/// without a word (issue 25 C: a stalled `mousy watch` grew to 1.1 GB under a flood of
/// PLAYER_LOGOUT).
@Suite("ClientQueue bounds")
struct ClientQueueBoundsTests {
    static func chat(_ n: Int) -> ClientEvent {
        .message(.chat(.with {
            $0.sender = "bob"
            $0.text = "line \(n)"
        }))
    }

    static func cursor(_ name: String) -> ClientEvent {
        .cursor(.with { $0.username = name })
    }

    @Test("goodbyes of players the queue never passed on cost nothing, however many come")
    func unknownLogouts() {
        let queue = ClientQueue(eventCapacity: 64)
        queue.post(.loggedIn(welcome: nil))
        queue.post(Self.cursor("ann"))
        for n in 0..<200_000 { queue.post(.playerLeft(username: "ghost\(n)", reason: "flood")) }
        queue.post(.playerLeft(username: "ann", reason: "quit"))
        queue.post(.playerLeft(username: "ann", reason: "again"))  // once is enough
        #expect(queue.takeEvents() == [
            .loggedIn(welcome: nil), Self.cursor("ann"), .playerLeft(username: "ann", reason: "quit"),
        ])
        #expect(queue.counters.droppedLogouts == 200_001)
    }

    @Test("a stalled UI under a flood of every kind holds a bounded queue")
    func stalledFlood() {
        let queue = ClientQueue(eventCapacity: 100, messageCapacity: 50)
        queue.post(.loggedIn(welcome: nil))
        for n in 0..<20_000 {
            queue.post(Self.cursor("p\(n % 3000)"))
            queue.post(ClientQueueTests.ping(UInt64(n)))
            queue.post(Self.chat(n))
            queue.post(.playerLeft(username: "p\(n % 3000)", reason: "flood"))
        }
        let events = queue.takeEvents()
        let leaves = events.filter { if case .playerLeft = $0 { true } else { false } }.count
        let cursors = events.filter { if case .cursor = $0 { true } else { false } }.count
        #expect(events.count <= 1 + 100 + 50 + leaves + 1)
        #expect(leaves <= cursors)
        #expect(cursors <= 100)
    }

    @Test("chat lines are not crowded out by cursors, and a drop is told, never silent")
    func chatKept() {
        let queue = ClientQueue(eventCapacity: 8, messageCapacity: 3)
        for n in 0..<20 { queue.post(Self.cursor("p\(n)")) }  // the event queue is full
        for n in 0..<5 { queue.post(Self.chat(n)) }
        let events = queue.takeEvents()
        let chats = events.filter { if case .message(.chat(let c)) = $0 { !c.sender.isEmpty } else { false } }
        #expect(chats == [Self.chat(0), Self.chat(1), Self.chat(2)])
        #expect(events.last == ClientSession.notice(ClientQueue.droppedNotice(2)))
        #expect(queue.counters.droppedMessages == 2)
        // Told once: the next take has no notice, and there is room again.
        queue.post(Self.chat(9))
        #expect(queue.takeEvents() == [Self.chat(9)])
    }
}
