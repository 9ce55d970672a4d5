import DevServer
import Messages
import TestSupport
import Testing

@Suite("Look-alike and oversized names")
struct LookAlikeTests {
    @Test("a name that looks like one playing is refused as already playing; a refused name stays free")
    func lookAlikesRefused() async throws {
        try await withTestServer { server in
            let victim = try await server.login("victim")
            let bob = try await server.login("BOB")
            // Case, compatibility forms, whole-script Cyrillic and Greek capitals, "rn" for "m".
            for name in ["Victim", "VICTIM", "\u{FF56}ictim", "\u{412}\u{41E}\u{412}", "\u{392}\u{39F}\u{392}", "bob", "victirn"] {
                let (client, result) = try await TestClient.login(port: server.port, username: name)
                #expect(!result.ok, "\(name.debugDescription)")
                #expect(result.reason == "name already playing", "\(name.debugDescription)")
                _ = try await client.waitForClose()
            }
            // Mixed scripts and invisible fillers are refused whoever plays.
            for (name, reason) in [
                ("v\u{456}ctim", "malformed login: username must not mix scripts"),
                ("victim\u{3164}", "malformed login: username must be printable characters"),
                ("a" + String(repeating: "\u{301}", count: 121), "malformed login: username must be at most 64 bytes of UTF-8"),
            ] {
                let (client, result) = try await TestClient.login(port: server.port, username: name)
                #expect(result.reason == reason)
                _ = try await client.waitForClose()
            }
            #expect(await server.server.stats().playersOnline == 2)
            // Once the first leaves, a look-alike may play.
            await victim.close()
            try await server.waitForStats { $0.playersOnline == 1 }
            let other = try await server.login("VICTIM")
            await other.close()
            await bob.close()
        }
    }

    @Test("Unicode's look-alikes (UTS #39) cannot play beside their originals; fish may play as a ligature")
    func unicodeLookAlikes() async throws {
        try await withTestServer { server in
            let victim = try await server.login("victim")
            let team = try await server.login("TEAM")
            let noon = try await server.login("noon")
            // Escapes, not the names: the test log would show them raw.
            let imitations = [
                "victi\u{307}m", "\u{1D20}\u{26A}\u{1D04}\u{1D1B}\u{26A}\u{1D0D}", "\u{13A2}\u{13AC}\u{13AA}\u{13B7}",
                "\u{A4D4}\u{A4F0}\u{A4EE}\u{A4DF}", "\u{578}\u{585}\u{585}\u{578}",
            ]
            for name in imitations {
                let (client, result) = try await TestClient.login(port: server.port, username: name)
                #expect(!result.ok, "\(name.debugDescription)")
                _ = try await client.waitForClose()
            }
            #expect(await server.server.stats().playersOnline == 3)
            let ligature = try await server.login("\u{FB01}sh")
            let (client, result) = try await TestClient.login(port: server.port, username: "fish")
            #expect(result.reason == "name already playing")
            _ = try await client.waitForClose()
            for player in [victim, team, noon, ligature] { await player.close() }
        }
    }

    @Test("every reason the server sends in PLAYER_LOGOUT fits beside the longest name")
    func logoutReasonsFit() throws {
        let name = String(repeating: "x", count: PlayerName.maximumBytes)
        for reason in DisconnectReason.allCases {
            #expect(reason.rawValue.utf8.count <= PlayerName.maximumLogoutReasonBytes)
            let frame = try Frame.encode(.playerLogout(.with {
                $0.username = name
                $0.reason = reason.rawValue
            }))
            #expect(frame.count <= Frame.maximumFrameLength)
        }
    }
}
