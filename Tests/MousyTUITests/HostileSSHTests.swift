import Foundation
import NIOCore
import TestSupport
import Testing
@testable import MousyTUI
@testable import SSHFront

/// SSH peers that OpenSSH would not be: a client that floods the session with mode
/// toggles and never reads, and names and terminal types made of terminal controls.
@Suite("hostile ssh peers", .serialized, .scaledTimeLimit(minutes: 2), .ownThreads)
struct HostileSSHTests {
    @Test("a client that toggles mouse capture without end and never reads is closed, and the output waiting for it stays bounded")
    func mouseToggleFloodIsBounded() async throws {
        let counters = SSHOutputCounters()
        let bound = 16 * 1024
        // Small socket buffers on both sides: the kernel takes little of what the client leaves unread.
        let servers = try await SSHEndToEndTests.Servers.start(socketSendBufferBytes: 4096, session: {
            $0.maxPendingOutputBytes = bound
            $0.stallLimit = .seconds(1)
            $0.outputCounters = counters
        })
        let client = try await RawSSHClient.connect(
            port: servers.ssh.port, username: "toggler", request: .shell(term: "xterm-256color", columns: 120, rows: 40),
            receiveBufferBytes: 4096)
        try await client.stopReading()

        // `m` toggles mouse capture: 4 KiB of them at a time, until the server gives up
        // on the session (at most 4 MiB: far more than any bound).
        let toggles = [UInt8](repeating: UInt8(ascii: "m"), count: 4096)
        var typed = 0
        let stalled = await eventually(timeout: .seconds(90), every: .milliseconds(2)) {
            if typed < 1024 {
                client.type(toggles)
                typed += 1
            }
            return counters.stalledSessions == 1
        }
        #expect(stalled, "the session was not closed; \(counters.peakPendingBytes) bytes waited at most")
        // Past the bound by one write at most, however many toggles came in.
        #expect(counters.peakPendingBytes <= bound + counters.largestWriteBytes,
                "\(counters.peakPendingBytes) bytes waited for the client (largest write \(counters.largestWriteBytes))")
        #expect(counters.largestWriteBytes < bound)

        // Reading again, the client finds its connection closed.
        try await client.resumeReading()
        #expect(await eventually { client.isClosed })
        await client.close()
        await servers.stop()
    }

    @Test("a hosted game's log file gets no terminal control from an SSH user name, TERM or subsystem name")
    func hostedGameLogIsSanitised() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mousy-hostile-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        // The game a bare `mousy --ssh-port 0` starts, run directly: it logs to server-PORT.log.
        let game = try MousyProcess.start([
            "hosted-game", "--port", "0", "--ssh-port", "0", "--ssh-host-key", directory.appendingPathComponent("key").path,
            "--log-directory", directory.path,
        ])
        defer { game.send(SIGTERM) }
        var found: (path: String, sshPort: Int)?
        try await waitUntil("the hosted game to log its SSH port") {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
            for name in names where name.hasPrefix("server-") {
                let path = directory.appendingPathComponent(name).path
                let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
                if let match = text.firstMatch(of: /SSH up on 127\.0\.0\.1:(\d+)/), let port = Int(match.1) {
                    found = (path, port)
                }
            }
            return found != nil
        }
        let (logPath, sshPort) = try #require(found)

        // A bell, a C1 CSI, a right-to-left override, then an OSC title (its ESC ends what is shown).
        let user = "eve\u{07}\u{9B}31m\u{202E}gro\u{1B}]0;owned\u{07}"
        let term = "xterm\u{85}\u{202E}\u{1B}]52;c;SGVsbG8=\u{07}"
        let subsystem = "sftp\u{07}\u{9D}\u{202E}\u{1B}]0;x\u{07}"
        let player = try await RawSSHClient.connect(port: sshPort, username: user, request: .shell(term: term, columns: 80, rows: 24))
        let prober = try await RawSSHClient.connect(port: sshPort, username: "probe", request: .subsystem(subsystem))
        func log() -> String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }
        let logged = await eventually {
            let text = log()
            return text.contains("ssh: session started") && text.contains("ssh: subsystem refused")
        }
        #expect(logged, "the lines never reached the log:\n\(log())")
        await player.close()
        await prober.close()

        let bytes = Array(log().utf8)
        #expect(!bytes.contains(0x1B), "ESC in the log:\n\(log())")
        #expect(!bytes.contains(0x07), "BEL in the log")
        // U+0080...U+009F are C2 80...C2 9F in UTF-8; U+202E is E2 80 AE.
        let c1 = zip(bytes, bytes.dropFirst()).contains { $0 == 0xC2 && (0x80...0x9F).contains($1) }
        #expect(!c1, "a C1 control in the log")
        let override = bytes.indices.dropLast(2).contains { bytes[$0] == 0xE2 && bytes[$0 + 1] == 0x80 && bytes[$0 + 2] == 0xAE }
        #expect(!override, "U+202E in the log")
        // Escaped visibly instead.
        #expect(log().contains("eve\\007\\u{9b}31m\\u{202e}gro\\033"))
        #expect(log().contains("xterm\\u{85}\\u{202e}\\033"))
        #expect(log().contains("sftp\\007\\u{9d}\\u{202e}\\033"))
    }
}
