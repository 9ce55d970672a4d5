import DevServer
import Messages
import TestSupport
import Testing

@Suite("World size")
struct WorldSizeTests {
    @Test("LOGIN_RESULT announces the world: 800 x 600 by default, or as configured")
    func announced() async throws {
        try await withTestServer { server in
            let (client, result) = try await TestClient.login(port: server.port, username: "one")
            #expect(result.ok)
            #expect((result.worldWidth, result.worldHeight) == (800, 600))
            await client.close()
        }
        try await withTestServer({ $0.worldWidth = 1920; $0.worldHeight = 1080 }) { server in
            let (client, result) = try await TestClient.login(port: server.port, username: "two")
            #expect((result.worldWidth, result.worldHeight) == (1920, 1080))
            await client.close()
        }
    }
}
