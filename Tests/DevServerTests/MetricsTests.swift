import DevServer
import Messages
import NIOCore
import Testing
import TestSupport

@Suite("metrics endpoint")
struct MetricsTests {
    /// Scrapes until `condition` holds; fails with the last body if it never does.
    private func scrape(
        _ server: TestServer, until condition: @escaping ([String: Double]) -> Bool
    ) async throws -> [String: Double] {
        let port = try #require(await server.server.metricsPort)
        var last = try await MetricsScrape.get(port: port)
        let matched = try await eventually {
            last = try await MetricsScrape.get(port: port)
            return last.status == 200 && condition(last.samples)
        }
        #expect(matched, "the metrics never matched; last scrape: \(last.status)\n\(last.body)")
        return last.samples
    }

    @Test("GET /metrics counts logins, refusals, frames by type, disconnects and pings as players come and go")
    func scrapedWhilePlaying() async throws {
        try await withTestServer({ $0.metricsPort = 0 }) { server in
            let empty = try await scrape(server) { $0["mousy_players_online"] == 0 }
            #expect(empty["mousy_logins_total"] == 0)

            let ann = try await server.login("Ann")
            let bob = try await server.login("Bob")
            let (intruder, refused) = try await TestClient.login(port: server.port, username: "Eve", password: "guess")
            #expect(!refused.ok)
            try await intruder.waitForClose()
            for x in 1...3 { try await ann.send(.mouseMove(.with { $0.x = Int32(x); $0.y = 1 })) }
            // Bob echoes one ping: the server measures its round trip.
            let ping = try await bob.nextPing()
            try await bob.send(.ping(.with {
                $0.sentEpoch = ping.sentEpoch
                $0.bounceEpoch = ping.sentEpoch
            }))
            // From history: nextPing() above may already have passed Ann's cursor by.
            #expect(try await eventually { try await !bob.cursors(of: "Ann").isEmpty })
            try await ann.send(.playerLogout(.with { $0.username = "Ann" }))
            try await ann.waitForClose()

            let samples = try await scrape(server) {
                $0["mousy_players_online"] == 1
                    && $0[#"mousy_disconnects_total{reason="logged out"}"#] == 1
                    && $0[#"mousy_frames_in_total{type="PING_EVENT"}"#] == 1
                    && $0[#"mousy_frames_in_total{type="MOUSE_EVENT"}"#] == 3
                    && $0[#"mousy_disconnects_total{reason="login refused"}"#] == 1
            }
            #expect(samples["mousy_connections_open"] == 1)
            #expect(samples["mousy_logins_total"] == 2)
            #expect(samples[#"mousy_login_refusals_total{reason="bad credentials"}"#] == 1)
            #expect(samples[#"mousy_login_refusals_total{reason="server full"}"#] == 0)
            #expect(samples[#"mousy_disconnects_total{reason="login refused"}"#] == 1)
            #expect(samples[#"mousy_frames_in_total{type="PLAYER_LOGIN"}"#] == 3)
            #expect(samples[#"mousy_frames_in_total{type="PLAYER_LOGOUT"}"#] == 1)
            #expect(samples[#"mousy_frames_out_total{type="LOGIN_RESULT"}"#] == 3)
            #expect((samples[#"mousy_frames_out_total{type="PLAYER_CURSOR"}"#] ?? 0) >= 1)
            let pingsSent = try #require(samples["mousy_pings_sent_total"])
            #expect(pingsSent >= 2)
            #expect(samples[#"mousy_frames_out_total{type="PING_EVENT"}"#] == pingsSent)
            #expect(samples["mousy_ping_lateness_seconds_count"] == pingsSent)
            #expect(samples[#"mousy_ping_lateness_seconds_bucket{le="+Inf"}"#] == pingsSent)
            #expect(samples["mousy_ping_round_trip_seconds_count"] == 1)

            // The stats line reads the same counters.
            let stats = await server.server.stats()
            #expect(stats.logins == 2)
            #expect(stats.refusals[.badCredentials] == 1)
            #expect(stats.framesInByType[.mouseEvent] == 3)
            #expect(stats.disconnects[.loggedOut] == 1)
            #expect(stats.counters.roundTrip.totalCount == 1)
            await bob.close()
        }
    }

    @Test("other paths get 404, and the endpoint is off unless asked for")
    func otherPaths() async throws {
        try await withTestServer({ $0.metricsPort = 0 }) { server in
            let port = try #require(await server.server.metricsPort)
            let missing = try await MetricsScrape.get(port: port, path: "/")
            #expect(missing.status == 404)
            let query = try await MetricsScrape.get(port: port, path: "/metrics?name=x")
            #expect(query.status == 200)
            #expect(query.headers["content-type"]?.hasPrefix("text/plain; version=0.0.4") == true)
        }
        try await withTestServer { server in
            #expect(await server.server.metricsPort == nil)
        }
    }
}
