import DevServer
import Messages
import NIOCore
import TestSupport
import Testing

@Suite("Chat")
struct ChatTests {
    /// Every type of the table: what a Mousy client lists.
    static let all = MType.framed

    private static func chats(_ client: TestClient) async throws -> [Chat] {
        try await client.received().compactMap { if case .chat(let chat) = $0 { chat } else { nil } }
    }

    @Test("a line reaches every player that listed CHAT, its sender included, stamped with the sender's login name and cleaned")
    func broadcast() async throws {
        try await withTestServer { server in
            let alice = try await server.login("alice", understands: Self.all)
            let bob = try await server.login("bob", understands: Self.all)
            let old = try await server.login("old")  // lists nothing: a client before CHAT
            try await alice.send(.chat(.with {
                $0.sender = "mallory"
                $0.text = "  hi\u{7}there\u{1B}]0;pwned\u{7}  "
            }))
            let expected = Chat.with {
                $0.sender = "alice"
                $0.text = "hi\\007there\\033"
            }
            #expect(try await bob.next("CHAT") { if case .chat(let c) = $0 { c } else { nil } } == expected)
            #expect(try await alice.next("CHAT") { if case .chat(let c) = $0 { c } else { nil } } == expected)
            // Delivered to the two players that listed it, and to nobody else.
            try await server.waitForStats { $0.framesOutByType[.chat] == 2 }
            _ = try await old.nextPing()
            #expect(try await Self.chats(old).isEmpty)
            #expect(old.isOpen)
            for client in [alice, bob, old] { await client.close() }
        }
    }

    @Test("LOGIN_RESULT lists every type the server understands")
    func announces() async throws {
        try await withTestServer { server in
            let (client, result) = try await TestClient.login(port: server.port, username: "alice")
            #expect(result.understands == MType.framed)
            #expect(result.understands.contains(.chat))
            await client.close()
        }
    }

    @Test("the longest line beside the longest name is cut to fit a frame, at a whole character")
    func longest() async throws {
        try await withTestServer { server in
            let name = String(repeating: "🐭", count: PlayerName.maximumBytes / 4)
            let writer = try await server.login(name, understands: Self.all)
            try await writer.send(.chat(.with { $0.text = String(repeating: "é", count: 120) }))
            let chat = try await writer.next("CHAT") { if case .chat(let c) = $0 { c } else { nil } }
            #expect(chat.sender == name)
            #expect(chat.text.utf8.count <= Chat.maximumTextBytes)
            #expect(chat.text.hasPrefix("éé"))
            #expect(try Frame.encode(.chat(chat)).count <= Frame.maximumFrameLength)
            await writer.close()
        }
    }

    @Test("lines past the burst are dropped, and only their sender is told, once per run")
    func rateLimit() async throws {
        try await withTestServer({
            $0.chatBurst = 3
            $0.chatInterval = .seconds(3600)
        }) { server in
            let flooder = try await server.login("flooder", understands: Self.all)
            let reader = try await server.login("reader", understands: Self.all)
            try await flooder.send((1...6).map { n in .chat(.with { $0.text = "line \(n)" }) })
            try await server.waitForStats { $0.chatsRefused == 3 }
            try await server.waitForStats { $0.framesOutByType[.chat] == 3 * 2 + 1 }
            // A later line is refused too, and not announced again.
            try await flooder.send(.chat(.with { $0.text = "line 7" }))
            try await server.waitForStats { $0.chatsRefused == 4 }
            _ = try await reader.nextPing()
            _ = try await flooder.nextPing()
            #expect(try await Self.chats(reader).map(\.text) == ["line 1", "line 2", "line 3"])
            let own = try await Self.chats(flooder)
            #expect(own.filter { !$0.sender.isEmpty }.map(\.text) == ["line 1", "line 2", "line 3"])
            #expect(own.filter(\.sender.isEmpty).count == 1)
            #expect(flooder.isOpen && reader.isOpen)
            await flooder.close()
            await reader.close()
        }
    }
}

extension ChatTests {
    @Test("a loop's queue of broadcasts is capped: past it, lines are dropped and counted, and everyone plays on")
    func broadcastCap() async throws {
        // One loop: each loop counts what its own queue drops, so with two a line could be
        // delivered on one and counted dropped on the other.
        try await withTestServer({
            $0.chatBurst = 1000
            $0.maxQueuedBroadcasts = 8
            $0.eventLoopThreads = 1
        }) { server in
            let writer = try await server.login("writer", understands: Self.all)
            let reader = try await server.login("reader", understands: Self.all)
            // One write: past the queue's 8, the lines that arrive before a tick publishes are dropped.
            try await writer.send((1...100).map { n in .chat(.with { $0.text = "line \(n)" }) })
            _ = try await server.waitForStats { $0.broadcastsDropped > 0 }
            // Every line is either delivered or counted dropped, once.
            #expect(await eventually {
                let received = (try? await Self.chats(reader).count) ?? 0
                let dropped = await server.server.stats().broadcastsDropped
                return received >= 8 && received + dropped == 100
            })
            #expect(writer.isOpen && reader.isOpen)
            await writer.close()
            await reader.close()
        }
    }
}
