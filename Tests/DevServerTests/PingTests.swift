import DevServer
import Messages
import NIOCore
import TestSupport
import Testing

@Suite("Pings")
struct PingTests {
    @Test("a logged-in player is pinged repeatedly, whatever else it sends")
    func cadence() async throws {
        try await withTestServer { server in
            let client = try await server.login("pinged")
            var last: UInt64 = 0
            for i in 0..<5 {
                // Keep the server busy with moves between pings.
                try await client.send(.mouseMove(.with { $0.x = Int32(i) }))
                let ping = try await client.nextPing()
                #expect(ping.sentEpoch > last)
                last = ping.sentEpoch
            }
            await client.close()
        }
    }

    @Test("a bounced ping's round trip comes back in rtt_us of the next ping")
    func roundTrip() async throws {
        try await withTestServer { server in
            let client = try await server.login("bouncer")
            let first = try await client.nextPing()
            #expect(first.rttUs == 0)
            try await client.send(.ping(.with {
                $0.sentEpoch = first.sentEpoch
                $0.bounceEpoch = Epoch.nowMicros()
            }))
            // The bounce may cross the next ping on the wire: wait for one that carries it.
            let reported = try await client.next("a ping with rtt_us") { message -> UInt32? in
                if case .ping(let ping) = message, ping.rttUs > 0 { ping.rttUs } else { nil }
            }
            let measuredBound = Epoch.nowMicros() - first.sentEpoch
            #expect(reported > 0)
            #expect(UInt64(reported) <= measuredBound)
            await client.close()
        }
    }

    @Test("a bounce with a made-up timestamp is ignored")
    func bogusBounce() async throws {
        try await withTestServer { server in
            let client = try await server.login("liar")
            _ = try await client.nextPing()
            try await client.send(.ping(.with { $0.sentEpoch = Epoch.nowMicros() + 10_000_000 }))
            try await client.send(.ping(.with { $0.sentEpoch = 1 }))
            _ = try await client.nextPing()
            let ping = try await client.nextPing()
            #expect(ping.rttUs == 0)
            await client.close()
        }
    }

    @Test("one player's disconnect does not stop the others' pings")
    func othersKeepPings() async throws {
        try await withTestServer { server in
            let stays = try await server.login("stays")
            let leaves = try await server.login("leaves")
            await leaves.close()
            try await server.waitForStats { $0.playersOnline == 1 }
            _ = try await stays.drain()
            let a = try await stays.nextPing()
            let b = try await stays.nextPing()
            #expect(b.sentEpoch > a.sentEpoch)
            await stays.close()
        }
    }
}
