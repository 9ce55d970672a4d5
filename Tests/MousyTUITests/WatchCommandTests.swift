import DevServer
import Foundation
import Logging
import Messages
import NIOCore
import TestSupport
import Testing

/// `mousy watch` as a user runs it: the built executable, against a real server.
// A hang (a child never seen to exit) fails the test by name instead of stalling the run.
@Suite("mousy watch", .scaledTimeLimit(minutes: 2))
struct WatchCommandTests {
    /// Runs `mousy watch ARGUMENTS` to its end; `whileRunning` runs once it has started.
    static func watch(
        _ arguments: [String],
        environment: [String: String] = [:],
        whileRunning: (ChildProcess) async throws -> Void = { _ in }
    ) async throws -> ChildProcess.Exit {
        let mousy = try MousyProcess.start(["watch"] + arguments, environment: environment)
        try await whileRunning(mousy)
        return try await mousy.waitForExit()
    }

    static func isPingLine(_ line: Substring) -> Bool {
        line.wholeMatch(of: /Received packet of type: 3, len: \d+, rtt: (\d+\.\d\d ms|-)/) != nil
    }

    @Test("--count 3: three ping lines with their round trip, exit 0")
    func countPings() async throws {
        let started = try await TestServer.start(logLevel: .critical)
        let (server, port) = (started.server, started.port)
        let run = try await Self.watch(["--server", "127.0.0.1:\(port)", "--count", "3"])
        await server.shutdown()
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let lines = run.stdout.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines.allSatisfy(Self.isPingLine), "\(lines)")
        // The server's first ping carries no round trip (no bounce yet): unknown, not a
        // kernel estimate of a few microseconds.
        #expect(lines.first?.hasSuffix("rtt: -") == true, "\(lines)")
        #expect(run.stderr.contains("Logged in to 127.0.0.1:\(port) as watcher"))
    }

    @Test("a wrong password (from MOUSY_PASSWORD): one sentence, exit 1")
    func refused() async throws {
        let started = try await TestServer.start(logLevel: .critical)
        let (server, port) = (started.server, started.port)
        let run = try await Self.watch(["--server", "127.0.0.1:\(port)"], environment: ["MOUSY_PASSWORD": "nope"])
        await server.shutdown()
        #expect(run.status == 1)
        #expect(run.stderr == "The server refused the login: bad credentials; give the right password with --password or the MOUSY_PASSWORD variable.\n")
        #expect(run.stdout.isEmpty)
    }

    @Test("no server listening: one sentence, exit 1, no retry")
    func unreachable() async throws {
        let port = QuietPort.next()  // nobody listens, and port 0 never hands it to another test
        let started = ContinuousClock.now
        let run = try await Self.watch(["--server", "127.0.0.1:\(port)"])
        #expect(run.status == 1)
        #expect(run.stderr == "Could not connect to 127.0.0.1:\(port): the connection was refused (is the server running?).\n")
        #expect(ContinuousClock.now - started < TestTime.scaled(.seconds(30)))  // a guard against endless retry, not a timing target
    }

    @Test("a bad address: one sentence, a usage exit")
    func badAddress() async throws {
        let run = try await Self.watch(["--server", "localhost:http"])
        // Validated with the options shared by play, watch and load: argument parser's usage error.
        #expect(run.status == 64)
        #expect(run.stderr.hasPrefix("Error: The value 'localhost:http' is invalid for '--server <host[:port]>': 'localhost:http' is not a valid server address: the port 'http' is not a number from 1 to 65535.\n"))
    }

    @Test("Ctrl-C or SIGTERM (the ServiceGroup's graceful shutdown): the server gets a goodbye, exit 0", arguments: [SIGINT, SIGTERM])
    func interrupt(signal: Int32) async throws {
        let started = try await TestServer.start(logLevel: .critical)
        let (server, port) = (started.server, started.port)
        // A given name: no trial login first, so the server's frame count says when it is in.
        let run = try await Self.watch(["--server", "127.0.0.1:\(port)", "--user", "watcher"]) { mousy in
            // Logged in on both sides: the server has the login and a bounced ping (the
            // client says goodbye only once it knows it is logged in).
            #expect(await eventually { await server.stats().framesIn >= 2 })
            mousy.send(signal)
        }
        _ = await eventually { await server.stats().disconnects[.loggedOut] != nil }
        let stats = await server.stats()
        await server.shutdown()
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(stats.disconnects[.loggedOut] == 1)
        #expect(!run.stderr.lowercased().contains("broken pipe"))
    }

    @Test("--shapes: a line when a box is picked up, when it is dropped, and when the world is settled")
    func shapes() async throws {
        let started = try await TestServer.start(logLevel: .critical) { $0.shapes = 1 }
        let alice = try await started.login("alice", understands: MType.framed)
        func next(_ what: String, _ matches: @escaping (GameObject) -> Bool) async throws -> GameObject {
            try await alice.next(what) { if case .gameObject(let o) = $0, matches(o) { o } else { nil } }
        }
        let box = try await next("the world's box") { $0.id == 1 }
        let mousy = try MousyProcess.start(["watch", "--shapes", "--server", "127.0.0.1:\(started.port)", "--user", "watcher"])
        try await waitFor("the settled world", in: mousy) { $0.contains("world settled: 1 box, 0 held\n") }
        let grab = (x: box.x + Int32(box.w) / 2, y: box.y + Int32(box.h) / 2)
        try await alice.send(.mouseMove(.with { ($0.x, $0.y, $0.leftClick) = (grab.x, grab.y, true) }))
        let held = try await next("the box held") { $0.holder == "alice" }
        try await waitFor("the pickup", in: mousy) { $0.contains("alice picked up box 1 at \(held.x),\(held.y)\n") }
        let target = (x: grab.x < 400 ? grab.x + 100 : grab.x - 100, y: grab.y)
        try await alice.send(.mouseMove(.with { ($0.x, $0.y, $0.leftClick) = (target.x, target.y, false) }))
        let dropped = try await next("the box dropped") { $0.holder.isEmpty }
        #expect(dropped.x == held.x + target.x - grab.x)
        try await waitFor("the drop, then the world settled again", in: mousy) {
            guard let drop = $0.range(of: "alice dropped box 1 at \(dropped.x),\(dropped.y)\n") else { return false }
            return $0[drop.upperBound...].contains("world settled: 1 box, 0 held\n")
        }
        mousy.send(SIGINT)
        let run = try await mousy.waitForExit()
        await alice.close()
        await started.server.shutdown()
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let lines = run.stdout.split(separator: "\n").filter { !Self.isPingLine($0) }
        #expect(lines.filter { $0.hasPrefix("alice picked up") || $0.hasPrefix("alice dropped") }.count == 2, "\(lines)")
    }

    /// Waits until `mousy`'s output so far satisfies `condition`.
    private func waitFor(_ what: String, in mousy: ChildProcess, _ condition: @escaping (String) -> Bool) async throws {
        let seen = await eventually { condition(mousy.stdout) }
        if !seen { throw ChildProcess.Failure(description: "timed out waiting for \(what); stdout:\n\(mousy.stdout)") }
    }
}
