import DevServer
import Messages
import NIOCore
import TestSupport
import Testing

@Suite("Slow players")
struct SlowPlayerTests {
    @Test("a player that never reads is disconnected past the outbound bound; the others carry on")
    func neverReads() async throws {
        try await withTestServer({
            $0.maxOutboundBytes = 4096
            $0.socketSendBufferBytes = 4096
            $0.tickInterval = .milliseconds(2)
        }) { server in
            let stalled = try await TestClient.connect(port: server.port, receiveBufferSize: 4096, reading: false)
            try await stalled.send(.playerLogin(.with {
                $0.username = "stalled"
                $0.password = "welcome"
            }))
            try await server.waitForStats { $0.playersOnline == 1 }

            // Busy movers with long names: plenty of cursor traffic towards the stalled player.
            var movers: [TestClient] = []
            for i in 0..<8 {
                movers.append(try await server.login("mover-\(i)-" + String(repeating: "m", count: 24)))
            }
            let busy = movers
            let moving = Task {
                var step: Int32 = 0
                while !Task.isCancelled {
                    step += 1
                    for mover in busy {
                        try? await mover.send(.mouseMove(.with { $0.x = step; $0.y = step % 7 }))
                    }
                }
            }
            defer { moving.cancel() }

            let stats = try await server.waitForStats(within: .seconds(30)) { $0.disconnects[.outboundBufferFull] == 1 }
            #expect(stats.playersOnline == movers.count)
            #expect(server.logs.contains("Disconnecting \"stalled\""))
            #expect(server.logs.contains("outbound buffer over 4096 bytes"))
            let notice = try await movers[0].nextLogout()
            #expect(notice.username == "stalled")
            #expect(notice.reason == "outbound buffer full")
            moving.cancel()
            _ = await moving.value
            _ = try await movers[1].drain()
            _ = try await movers[1].nextPing()
            for client in movers + [stalled] { await client.close() }
        }
    }
}
