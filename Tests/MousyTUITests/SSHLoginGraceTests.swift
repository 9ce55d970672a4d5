import DevServer
import Foundation
import Logging
import NIOCore
import NIOPosix
import TestSupport
import Testing
@testable import MousyTUI
@testable import SSHFront

/// The SSH front before authentication, as a person and an attacker meet it: a grace time
/// of its own, the fingerprint `serve` prints, and refusals and timeouts logged by address
/// without flooding the log. Not serialized, on threads of its own: the 10 s wait at the
/// password prompt runs beside the other suites.
@Suite("ssh before authentication", .scaledTimeLimit(minutes: 2), .ownThreads)
struct SSHLoginGraceTests {
    private typealias Servers = SSHEndToEndTests.Servers

    private static func requireTools(_ tools: [String] = ["ssh", "sshpass"]) throws {
        for tool in tools {
            let found = ["/usr/bin", "/bin", "/usr/local/bin"].contains { FileManager.default.isExecutableFile(atPath: "\($0)/\(tool)") }
            guard found else {
                throw Tmux.Failure(description: "\(tool) is required for the SSH tests; install it (apt-get install -y openssh-client sshpass), as .ci/run does.")
            }
        }
    }

    private static let sshOptions = "-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -o NumberOfPasswordPrompts=1"

    @Test("a person who waits 10 s at the password prompt still gets in: the SSH grace time is not the game's 5 s login timeout")
    func slowTyperGetsIn() async throws {
        try Self.requireTools(["ssh"])
        // The game's own login timeout stays short; the SSH server keeps its default grace.
        let servers = try await Servers.start(loginTimeout: SSHServer.Configuration.defaultLoginGrace) { $0.loginTimeout = .seconds(5) }
        let tmux = try Tmux(columns: 100, rows: 30)
        defer { tmux.close() }
        let rcFile = tmux.directory.appendingPathComponent("rc-slow").path
        try tmux.type("TERM=xterm-256color ssh -tt -p \(servers.ssh.port) \(Self.sshOptions) slow@127.0.0.1; echo \"rc=$?\" > \(rcFile)")
        try await waitUntil("the password prompt", screen: tmux) { try tmux.capture().contains("slow@127.0.0.1's password:") }
        // A person reading the prompt: past the game's login timeout, twice over.
        try await Task.sleep(for: TestTime.scaled(.seconds(10)))
        #expect(servers.ssh.unauthenticated.current == 1)
        try tmux.type("welcome")
        try await waitUntil("the game screen", screen: tmux) { try tmux.capture().contains("you     slow") }
        #expect(servers.ssh.unauthenticated.current == 0)
        try tmux.sendKey("q")
        try await waitUntil("ssh to exit", screen: tmux) { FileManager.default.fileExists(atPath: rcFile) }
        #expect(try String(contentsOfFile: rcFile, encoding: .utf8).contains("rc=0"))
        await servers.stop()
    }

    @Test("serve --ssh-port prints the join command and the host key's fingerprint as ssh-keygen -lf prints it for the key the server presents")
    func fingerprintMatchesKeygen() async throws {
        try Self.requireTools(["ssh-keyscan", "ssh-keygen"])
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mousy-fp-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: directory) }
        let serve = try MousyProcess.start(["serve", "--port", "0", "--ssh-port", "0", "--ssh-host-key", directory.appendingPathComponent("key").path])
        defer { serve.send(SIGKILL) }
        try await waitUntil("the host key line") { serve.stdout.contains("host key:") }
        let lines = serve.stdout.split(separator: "\n").map(String.init)
        let up = try #require(lines.first { $0.hasPrefix("SSH up on 127.0.0.1:") })
        let port = try #require(Int(up.dropFirst("SSH up on 127.0.0.1:".count)))
        #expect(lines.contains("  join with: ssh -p \(port) NAME@127.0.0.1   (NAME: the name to play as; password: welcome)"))
        let printed = try #require(lines.first { $0.hasPrefix("  host key:  ") }).dropFirst("  host key:  ".count)
            .replacingOccurrences(of: "  (new)", with: "")

        // The key the server really presents, through OpenSSH's own tools.
        let keygen = try await ChildProcess.run(
            "/bin/sh", ["-c", "ssh-keyscan -t ed25519 -p \(port) 127.0.0.1 2>/dev/null | ssh-keygen -lf -"])
        #expect(keygen.status == 0, "\(keygen.stderr)")
        // "256 SHA256:... [127.0.0.1]:PORT (ED25519)": the same but for the comment (the host).
        let fields = keygen.stdout.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: " ").map(String.init)
        #expect(fields.count == 4)
        #expect([fields[0], fields[1], fields[3]].joined(separator: " ") == printed)
        #expect(printed.hasPrefix("256 SHA256:") && printed.hasSuffix(" (ED25519)"))
        serve.send(SIGTERM)
        #expect(try await serve.waitForExit().status == 0)
    }

    @Test("refused SSH logins are logged with the address; the right password with an overlong name is a refused name, not a failed password")
    func refusalsLogged() async throws {
        try Self.requireTools()
        let (logger, logs) = RecordingLogHandler.logger(level: .info)
        let servers = try await Servers.start(logger: logger) {
            $0.throttle.maxFailures = 2
            $0.throttle.penalty = .seconds(300)
            $0.throttle.maxPenalty = .seconds(300)
        }
        let gateway = try await servers.game.gateway()
        let from3 = try SocketAddress(ipAddress: "127.0.0.3", port: 0)
        let ssh = { (user: String, password: String, source: String) async throws -> Int32 in
            try await ChildProcess.run("/usr/bin/sshpass", ["-p", password, "ssh", "-b", source, "-p", "\(servers.ssh.port)"]
                + Self.sshOptions.split(separator: " ").map(String.init) + ["\(user)@127.0.0.1", "true"]).status
        }

        // Three overlong names with the right password: refused, logged, never penalised.
        let long = String(repeating: "n", count: 101)
        for _ in 0..<3 { #expect(try await ssh(long, "welcome", "127.0.0.3") == 255) }
        #expect(gateway.penaltyRemaining(for: from3) == nil)
        try await waitUntil("the refused name logged") {
            logs.contains("ssh: login refused for") && logs.contains("from 127.0.0.3:") && logs.contains("user name empty or over 100 bytes")
        }

        // A wrong password: logged with its address and counted in the game's penalty.
        #expect(try await ssh("carol", "nope", "127.0.0.2") == 255)
        try await waitUntil("the wrong password logged") {
            logs.all.contains { $0.contains("ssh: login refused for \"carol\" from 127.0.0.2:") && $0.contains("wrong password") }
        }
        #expect(try await ssh("carol", "nope", "127.0.0.2") == 255)
        let from2 = try SocketAddress(ipAddress: "127.0.0.2", port: 0)
        try await waitUntil("127.0.0.2 penalised, as for two refused game logins") { gateway.penaltyRemaining(for: from2) != nil }
        #expect(!logs.all.joined().contains("nope"))
        await servers.stop()
    }

    private static let floodSize = 30

    @Test("a flood of pre-auth timeouts writes a line or two and a summary, and a connection that closed first writes none")
    func timeoutFloodIsSummarised() async throws {
        let (logger, logs) = RecordingLogHandler.logger(level: .info)
        // Loops of its own, for the SSH server and the clients: no other test's work on the
        // shared loops delays these deadlines.
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        let game = try await TestServer.start(logLevel: .critical)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mousy-flood-\(UUID().uuidString.prefix(8))")
        let settings = SSHPlaySession.Settings(gateway: try await game.server.gateway(), password: "welcome", serverLabel: "flood")
        let ssh = try await SSHServer.start(
            .init(host: "127.0.0.1", port: 0, hostKeyPath: directory.appendingPathComponent("key").path,
                  loginGrace: .milliseconds(300), session: settings),
            group: group, logger: logger)
        let servers = (ssh: ssh, game: game.server)
        // Closed by the client at once: its deadline must not fire for a closed connection.
        let gone = try await ClientBootstrap(group: group).connect(host: "127.0.0.1", port: servers.ssh.port).get()
        try await gone.close()
        var silent: [any Channel] = []
        for _ in 0..<Self.floodSize {
            silent.append(try await ClientBootstrap(group: group).connect(host: "127.0.0.1", port: servers.ssh.port).get())
        }
        // Closed by the server: none left waiting to authenticate, and every client told.
        let closed = await eventually(timeout: .seconds(90)) {
            servers.ssh.unauthenticated.current == 0 && silent.allSatisfy { !$0.isActive }
        }
        let open = silent.filter(\.isActive).count
        try #require(closed, "\(open) of \(Self.floodSize) still open, \(servers.ssh.unauthenticated.current) waiting on the server; log: \(logs.all.suffix(5))")
        // Every timeout is told once: in its own line, in a later line's count, or in a summary.
        let told = {
            logs.all.reduce(0) { total, line in
                guard line.contains("not authenticated in time") else { return total }
                if let summary = line.firstMatch(of: /ssh: (\d+) more like/) { return total + Int(summary.1)! }
                let heldBack = line.firstMatch(of: /; (\d+) more like it held back/).map { Int($0.1)! } ?? 0
                return total + 1 + heldBack
            }
        }
        try await waitUntil("every timeout to be told") { told() >= Self.floodSize }
        #expect(told() == Self.floodSize)
        #expect(logs.count(containing: "ssh: closing a connection from 127.0.0.1:") <= 3)
        #expect(!logs.contains("unknown peer"))
        await ssh.shutdown()
        await game.server.shutdown()
        try await group.shutdownGracefully()
        try? FileManager.default.removeItem(at: directory)
    }
}
