import DevServer
import NIOCore
import Testing
import TestSupport

/// Peers of `/metrics` that are no Prometheus: each is held to one connection's worth of
/// the server, on real loopback sockets.
@Suite("metrics endpoint under abuse")
struct MetricsAbuseTests {
    private static let request = "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"

    @Test("pipelined requests from a client that does not read: one is answered, then the connection closes")
    func pipelinedFlood() async throws {
        try await withTestServer({ $0.metricsPort = 0 }) { server in
            let port = try #require(await server.server.metricsPort)
            let flood = try await RawHTTPConnection.open(port: port, reading: false, receiveBufferBytes: 4096)
            try await flood.send(String(repeating: Self.request, count: 2_000))
            try await flood.startReading()
            #expect(await flood.closedByServer(), "still open after \(flood.responses("200")) answers")
            #expect(flood.responses("200") == 1)
            #expect(flood.text.contains("Connection: close"))
        }
    }

    @Test("requests one after another on one connection are each answered, and it stays open between them")
    func keepAlive() async throws {
        try await withTestServer({ $0.metricsPort = 0 }) { server in
            let port = try #require(await server.server.metricsPort)
            let client = try await RawHTTPConnection.open(port: port)
            for answers in 1...3 {
                try await client.send(Self.request)
                #expect(await eventually { client.responses("200") == answers })
            }
            #expect(!client.isClosed)
            await client.close()
        }
    }

    @Test("a malformed request gets 400 and its connection is closed; so is HTTP/0.9, unanswered")
    func malformed() async throws {
        // An idle timeout far past the wait: the closes must come from the requests themselves.
        try await withTestServer({
            $0.metricsPort = 0
            $0.metricsLimits.idleTimeout = .seconds(3600)
        }) { server in
            let port = try #require(await server.server.metricsPort)
            let garbage = try await RawHTTPConnection.open(port: port)
            try await garbage.send("GET /metrics HTTP/1.1\r\nHost 127.0.0.1\r\n\u{1}\r\n\r\n")
            #expect(await garbage.closedByServer())
            #expect(garbage.text.hasPrefix("HTTP/1.1 400 "), "got \(garbage.text.debugDescription)")

            let old = try await RawHTTPConnection.open(port: port)
            try await old.send("GET /metrics\r\n")
            #expect(await old.closedByServer())
            #expect(!old.text.contains("200"))
        }
    }

    @Test("a connection that sends nothing, or half a request, is closed after the idle timeout")
    func idle() async throws {
        try await withTestServer({
            $0.metricsPort = 0
            $0.metricsLimits.idleTimeout = TestTime.scaled(.milliseconds(300))
        }) { server in
            let port = try #require(await server.server.metricsPort)
            let silent = try await RawHTTPConnection.open(port: port)
            let half = try await RawHTTPConnection.open(port: port)
            try await half.send("GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            #expect(await silent.closedByServer())
            #expect(await half.closedByServer())
            #expect(half.text.isEmpty)
        }
    }

    @Test("connections past the cap per address, or in all, are closed at once; the others are served")
    func caps() async throws {
        try await withTestServer({
            $0.metricsPort = 0
            $0.metricsLimits.maxConnections = 4
            $0.metricsLimits.maxConnectionsPerAddress = 2
        }) { server in
            let port = try #require(await server.server.metricsPort)
            var held: [RawHTTPConnection] = []
            // A connect returns once the kernel has the connection; the server counts it
            // when its loop takes it up, and two loops may do that out of order. Each
            // connection is known to be counted once it has been answered.
            func admitted(from source: String) async throws -> RawHTTPConnection {
                let connection = try await RawHTTPConnection.open(port: port, from: source)
                try await connection.send(Self.request)
                #expect(await eventually { connection.responses("200") == 1 }, "\(source) was not served")
                return connection
            }
            for _ in 0..<2 { held.append(try await admitted(from: "127.0.0.1")) }
            let third = try await RawHTTPConnection.open(port: port, from: "127.0.0.1")
            #expect(await third.closedByServer(), "a third connection from one address was kept")
            for source in ["127.0.0.2", "127.0.0.3"] { held.append(try await admitted(from: source)) }
            let fifth = try await RawHTTPConnection.open(port: port, from: "127.0.0.4")
            #expect(await fifth.closedByServer(), "a fifth connection in all was kept")
            // The four admitted are still open and answer again.
            for connection in held {
                try await connection.send(Self.request)
                #expect(await eventually { connection.responses("200") == 2 })
            }
            // One closed: its address may connect again.
            await held[0].close()
            #expect(await eventually { (try? await MetricsScrape.get(port: port).status) == 200 })
            for connection in held { await connection.close() }
        }
    }
}
