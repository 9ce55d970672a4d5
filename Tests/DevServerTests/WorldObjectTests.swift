import DevServer
import Messages
import NIOCore
import TestSupport
import Testing

@Suite("World objects")
struct WorldObjectTests {
    /// Every type of the table: what a Mousy client lists.
    static let all = MType.framed

    private static func objects(_ client: TestClient) async throws -> [GameObject] {
        try await client.received().compactMap { if case .gameObject(let o) = $0 { o } else { nil } }
    }

    private static func nextObject(_ client: TestClient, _ what: String, where matches: @escaping (GameObject) -> Bool)
        async throws -> GameObject
    {
        try await client.next(what) { if case .gameObject(let o) = $0, matches(o) { o } else { nil } }
    }

    @Test("a peer drags a box; another sees it move with the holder's name; a peer that did not list the kind sees none; the holder's disconnect drops it")
    func drag() async throws {
        try await withTestServer({ $0.shapes = 1 }) { server in
            let alice = try await server.login("alice", understands: Self.all)
            let bob = try await server.login("bob", understands: Self.all)
            let old = try await server.login("old")  // lists nothing: the original client
            // The whole world once after login: one box, free.
            let box = try await Self.nextObject(alice, "the world's box") { $0.id == 1 }
            #expect(box.holder.isEmpty)
            #expect(box.kind == .box)
            let (w, h) = (Int32(box.w), Int32(box.h))
            let grabX = box.x + w / 2
            let grabY = box.y + h / 2
            // To the other side of the world, the box's centre under the pointer.
            let targetX: Int32 = grabX < 400 ? 600 : 200
            let targetY: Int32 = grabY < 300 ? 450 : 150
            try await alice.send(.mouseMove(.with {
                ($0.x, $0.y, $0.leftClick) = (grabX, grabY, true)
            }))
            _ = try await Self.nextObject(bob, "the box picked up by alice") { $0.id == 1 && $0.holder == "alice" }
            try await alice.send(.mouseMove(.with {
                ($0.x, $0.y, $0.leftClick) = (targetX, targetY, true)
            }))
            let moved = try await Self.nextObject(bob, "the box dragged by alice") {
                $0.id == 1 && $0.holder == "alice" && $0.x == targetX - (grabX - box.x) && $0.y == targetY - (grabY - box.y)
            }
            #expect(moved.tick > box.tick)
            // The holder leaves with the button down: the box is dropped where it is.
            await alice.close()
            let dropped = try await Self.nextObject(bob, "the box dropped") { $0.id == 1 && $0.holder.isEmpty }
            #expect(dropped.x == moved.x && dropped.y == moved.y)
            _ = try await old.nextPing()
            _ = try await old.nextPing()
            #expect(try await Self.objects(old).isEmpty)
            #expect(old.isOpen)
            await bob.close()
            await old.close()
        }
    }

    @Test("a player that lists the kind gets the whole world once, and the counters show it")
    func snapshot() async throws {
        try await withTestServer({ $0.shapes = 12 }) { server in
            // Boxes placed at random overlap: wait for the world to settle.
            try await server.waitForStats { $0.counters.objects == 12 && $0.counters.movingObjects == 0 }
            let carol = try await server.login("carol", understands: Self.all)
            _ = try await carol.nextPing()
            try await server.waitForStats { $0.counters.framesOutByType[.gameObject] >= 12 }
            let before = try await Self.objects(carol)
            let ids = Set(before.map(\.id))
            #expect(ids == Set(1...12))
            #expect(before.allSatisfy { $0.holder.isEmpty && $0.w > 0 && $0.h > 0 })
            await carol.close()
        }
    }

    @Test("LOGIN_RESULT gives the simulation's tick rate with a world of objects, 0 without")
    func tickRate() async throws {
        try await withTestServer({ ($0.shapes, $0.shapeTickInterval) = (2, .milliseconds(40)) }) { server in
            let (client, result) = try await TestClient.login(port: server.port, username: "dan", understands: Self.all)
            #expect(result.tickHz == 25)
            await client.close()
        }
        try await withTestServer { server in
            let (client, result) = try await TestClient.login(port: server.port, username: "dan", understands: Self.all)
            #expect(result.ok && result.tickHz == 0)
            await client.close()
        }
    }
}
