import DevServer
import Messages
import NIOCore
import TestSupport
import Testing

@Suite("Leaving")
struct LeavingTests {
    @Test("PLAYER_LOGOUT from a client removes it at once and tells the others")
    func logout() async throws {
        try await withTestServer { server in
            let leaver = try await server.login("leaver")
            let stayer = try await server.login("stayer")
            _ = try await stayer.nextCursor()
            try await leaver.send(.playerLogout(.with { $0.username = "leaver" }))
            try await leaver.waitForClose()
            let notice = try await stayer.nextLogout()
            #expect(notice.username == "leaver")
            #expect(notice.reason == "logged out")
            try await server.waitForStats { $0.playersOnline == 1 && $0.disconnects[.loggedOut] == 1 }
            // The name is free again.
            let back = try await server.login("leaver")
            _ = try await back.nextPing()
            await back.close()
            await stayer.close()
        }
    }

    @Test("a dropped connection is reported to the others with a reason")
    func dropped() async throws {
        try await withTestServer { server in
            let dropper = try await server.login("dropper")
            let stayer = try await server.login("stayer")
            _ = try await stayer.nextCursor()
            await dropper.close()
            let notice = try await stayer.nextLogout()
            #expect(notice.username == "dropper")
            #expect(notice.reason == "connection closed")
            _ = try await stayer.drain()
            _ = try await stayer.nextPing()
            let back = try await server.login("dropper")
            await back.close()
            await stayer.close()
        }
    }
}
