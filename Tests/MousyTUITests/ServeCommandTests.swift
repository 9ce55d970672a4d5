import Foundation
import Messages
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import TestSupport
import Testing

/// `mousy serve` as a user runs it: the built executable, real signals, a real client.
// A hang (a child never seen to exit) fails the test by name instead of stalling the run.
@Suite("mousy serve", .timeLimit(.minutes(2)))
struct ServeCommandTests {
    /// A running `mousy serve` and what it has printed so far.
    final class Server: Sendable {
        let process: Process
        let port: Int
        private let stderrText: NIOLockedValueBox<String>

        init(process: Process, port: Int, stderrText: NIOLockedValueBox<String>) {
            self.process = process
            self.port = port
            self.stderrText = stderrText
        }

        var stderr: String { stderrText.withLockedValue { $0 } }

        /// Sends `signal` and waits for the exit status.
        func stop(with signal: Int32) async -> Int32 {
            kill(process.processIdentifier, signal)
            await offPool { [process] in process.waitUntilExit() }
            return process.terminationStatus
        }
    }

    /// Starts `mousy serve ARGUMENTS` and waits for "Server up on HOST:PORT".
    static func serve(_ arguments: [String], environment: [String: String] = [:]) async throws -> Server {
        let mousy = try MousyProcess(["serve"] + arguments, environment: environment)
        let (process, out, err) = (mousy.process, mousy.stdout, mousy.stderr)
        let stderrText = NIOLockedValueBox("")
        err.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            guard !data.isEmpty else {
                // End of file: without this the handler is called again and again, a busy
                // loop that starved Foundation's own process bookkeeping (a hung suite).
                handle.readabilityHandler = nil
                return
            }
            stderrText.withLockedValue { $0 += String(decoding: data, as: UTF8.self) }
        }
        try mousy.run()
        // Blocking reads on a thread of their own until the line comes (or stdout closes).
        let line = await offPool {
            var text = ""
            while !text.contains("\n") {
                let data = out.fileHandleForReading.availableData
                if data.isEmpty { break }
                text += String(decoding: data, as: UTF8.self)
            }
            return text
        }
        let match = line.firstMatch(of: /Server up on 127\.0\.0\.1:(\d+)/)
        guard let match, let port = Int(match.1) else {
            await offPool { process.waitUntilExit() }
            Issue.record("no \"Server up\" line; stdout: \(line.debugDescription); stderr: \(stderrText.withLockedValue { $0 })")
            throw CancellationError()
        }
        return Server(process: process, port: port, stderrText: stderrText)
    }

    @Test("SIGTERM with a player logged in: the player hears why, the process exits 0")
    func sigtermWithPlayer() async throws {
        let server = try await Self.serve(
            ["--port", "0", "--ping-interval-ms", "50"], environment: ["MOUSY_PASSWORD": "from-the-environment"]
        )
        let (player, welcome) = try await TestClient.login(port: server.port, username: "alice", password: "from-the-environment")
        #expect(welcome.ok)
        _ = try await player.nextPing()

        let status = await server.stop(with: SIGTERM)
        #expect(status == 0)
        let goodbye = try await player.nextLogout()
        #expect(goodbye.username == "alice")
        #expect(goodbye.reason == "server shutting down")
        #expect(server.stderr.contains("ACCESS GRANTED FOR Username: alice"))
        #expect(!server.stderr.contains("from-the-environment"))
        await player.close()
    }

    @Test("SIGINT exits 0")
    func sigint() async throws {
        let server = try await Self.serve(["--port", "0"])
        #expect(await server.stop(with: SIGINT) == 0)
    }

    @Test("the wrong password from --password is refused with a reason")
    func passwordOption() async throws {
        let server = try await Self.serve(["--port", "0", "--password", "s3cret"])
        let (player, answer) = try await TestClient.login(port: server.port, username: "bob", password: "welcome")
        #expect(!answer.ok)
        #expect(answer.reason == "bad credentials")
        await player.close()
        #expect(await server.stop(with: SIGTERM) == 0)
    }

    @Test("a port already in use is one plain sentence and a non-zero exit")
    func portInUse() async throws {
        let first = try await Self.serve(["--port", "0"])
        let mousy = try MousyProcess(["serve", "--port", "\(first.port)"])
        let (process, err) = (mousy.process, mousy.stderr)
        try mousy.run()
        let text = await offPool { String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self) }
        await offPool { process.waitUntilExit() }
        #expect(process.terminationStatus != 0)
        #expect(text == "Port \(first.port) on 127.0.0.1 is already in use; choose another with --port (0 picks a free one).\n")
        #expect(await first.stop(with: SIGTERM) == 0)
    }
}
