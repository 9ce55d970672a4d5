import Foundation
import Messages
import NIOCore
import NIOPosix
import TestSupport
import Testing

/// `mousy serve` as a user runs it: the built executable, real signals, a real client.
// A hang (a child never seen to exit) fails the test by name instead of stalling the run.
@Suite("mousy serve", .scaledTimeLimit(minutes: 2))
struct ServeCommandTests {
    /// A running `mousy serve` and the port it listens on.
    struct Server {
        let process: ChildProcess
        let port: Int

        /// What it has written to stderr so far.
        var stderr: String { process.stderr }

        /// Sends `signal` and waits for the exit status.
        func stop(with signal: Int32) async throws -> Int32 {
            process.send(signal)
            return try await process.waitForExit().status
        }
    }

    /// Starts `mousy serve ARGUMENTS` and waits for "Server up on HOST:PORT".
    static func serve(_ arguments: [String], environment: [String: String] = [:]) async throws -> Server {
        let mousy = try MousyProcess.start(["serve"] + arguments, environment: environment)
        let line = try await mousy.firstLine()
        guard let match = line?.firstMatch(of: /Server up on 127\.0\.0\.1:(\d+)/), let port = Int(match.1) else {
            let exit = try await mousy.waitForExit()
            throw ChildProcess.Failure(description: "no \"Server up\" line; stdout: \(exit.stdout.debugDescription); stderr: \(exit.stderr)")
        }
        return Server(process: mousy, port: port)
    }

    @Test("SIGTERM with a player logged in: the player hears why, the process exits 0")
    func sigtermWithPlayer() async throws {
        let server = try await Self.serve(
            ["--port", "0", "--ping-interval-ms", "50"], environment: ["MOUSY_PASSWORD": "from-the-environment"]
        )
        let (player, welcome) = try await TestClient.login(port: server.port, username: "alice", password: "from-the-environment")
        #expect(welcome.ok)
        _ = try await player.nextPing()

        let status = try await server.stop(with: SIGTERM)
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
        #expect(try await server.stop(with: SIGINT) == 0)
    }

    @Test("the wrong password from --password is refused with a reason")
    func passwordOption() async throws {
        let server = try await Self.serve(["--port", "0", "--password", "s3cret"])
        let (player, answer) = try await TestClient.login(port: server.port, username: "bob", password: "welcome")
        #expect(!answer.ok)
        #expect(answer.reason == "bad credentials")
        await player.close()
        #expect(try await server.stop(with: SIGTERM) == 0)
    }

    @Test("a port already in use is one plain sentence and a non-zero exit")
    func portInUse() async throws {
        let first = try await Self.serve(["--port", "0"])
        let run = try await MousyProcess.run(["serve", "--port", "\(first.port)"])
        #expect(run.status != 0)
        #expect(run.stderr == "Port \(first.port) on 127.0.0.1 is already in use; choose another with --port (0 picks a free one).\n")
        #expect(try await first.stop(with: SIGTERM) == 0)
    }

    @Test("a metrics port already in use names --metrics-port, not --port")
    func metricsPortInUse() async throws {
        let first = try await Self.serve(["--port", "0"])
        let run = try await MousyProcess.run(["serve", "--port", "0", "--metrics-port", "\(first.port)"])
        #expect(run.status != 0)
        #expect(run.stderr == "The metrics port \(first.port) on 127.0.0.1 is already in use; choose another with --metrics-port (0 picks a free one).\n")
        #expect(try await first.stop(with: SIGTERM) == 0)
    }
}
