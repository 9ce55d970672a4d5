import DevServer
import Foundation
import Messages
import NIOCore
import TestSupport
import Testing

/// A real dead link: a veth pair into a network namespace, its far end set down while a
/// player is logged in over it. `TCP_USER_TIMEOUT` ends the connection, even for a
/// player that never bounces pings (so the ping timeout does not apply).
@Suite("Dead links (network namespaces)", .serialized, .ownThreads)  // ip blocks its thread
struct DeadLinkTests {
    @Test(
        "a link set down ends a never-bouncing player's connection within TCP_USER_TIMEOUT",
        .enabled(if: VethLink.isAvailable, "needs root and `ip netns` with veth pairs; skipped otherwise"),
        .scaledTimeLimit(minutes: 2)
    )
    func linkDown() async throws {
        let link = try await offPool { Result { try VethLink.make() } }.get()
        defer { link.remove() }
        try await withTestServer({
            $0.host = link.hostAddress
            $0.pingInterval = .milliseconds(100)
            $0.pingTimeout = nil
            $0.tcpUserTimeout = .seconds(2)
        }) { server in
            var login = ByteBuffer()
            try Frame.encode(.playerLogin(.with {
                $0.username = "faraway"
                $0.password = "welcome"
            }), into: &login)
            let hex = login.readableBytesView.map { String(format: "%02x", $0) }.joined()
            // The original client's way: log in, then only read (never bounce a ping).
            let client = try link.spawn([
                "/usr/bin/python3", "-c",
                """
                import socket, sys
                s = socket.create_connection((sys.argv[1], int(sys.argv[2])))
                s.sendall(bytes.fromhex(sys.argv[3]))
                while s.recv(4096):
                    pass
                """,
                link.hostAddress, "\(server.port)", hex,
            ])
            defer { client.send(SIGKILL) }
            let playing = try await server.waitForStats { $0.playersOnline == 1 && $0.pingsSent > 0 }
            #expect(playing.logins == 1)

            try await offPool { Result { try link.cut() } }.get()
            let after = try await server.waitForStats { $0.playersOnline == 0 }
            #expect(after.disconnects[.connectionClosed] == 1)
            #expect(after.disconnects[.pingTimeout] == nil)
            #expect(server.logs.all.contains { $0.contains("faraway") && $0.contains("timed out") })
        }
    }
}
