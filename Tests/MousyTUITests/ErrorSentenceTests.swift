import DevServer
import Foundation
import Logging
import TestSupport
import Testing

/// Every error a new user meets is one plain sentence with its fix: the built
/// executable, as a user runs it.
// A hang (a child never seen to exit) fails the test by name instead of stalling the run.
@Suite("error sentences", .timeLimit(.minutes(2)))
struct ErrorSentenceTests {
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
        /// The first line of stderr (argument errors add usage lines after it).
        var sentence: Substring { stderr.split(separator: "\n").first ?? "" }
    }

    /// Runs the built `mousy` to its end: posix_spawn and waitpid on a thread of its own
    /// (Foundation's Process can miss a child's exit from a test's async context), output
    /// to files, `MOUSY_PASSWORD` unset unless given.
    static func mousy(_ arguments: [String], environment: [String: String] = [:]) async throws -> Run {
        let executable = try mousyExecutable()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mousy-run-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let (outPath, errPath) = (directory.appendingPathComponent("out").path, directory.appendingPathComponent("err").path)
        var variables = ProcessInfo.processInfo.environment
        variables["MOUSY_PASSWORD"] = nil
        variables.merge(environment) { $1 }
        let envp = variables.map { "\($0.key)=\($0.value)" }
        Descriptors.closeOnExecSockets()  // the child must not hold other tests' sockets
        let status = await offPool { () -> Int32 in
            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            defer { posix_spawn_file_actions_destroy(&actions) }
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
            posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
            let argv = ([executable] + arguments).map { strdup($0) } + [nil]
            let env = envp.map { strdup($0) } + [nil]
            defer {
                argv.forEach { free($0) }
                env.forEach { free($0) }
            }
            // No signal blocked or ignored in the child, whatever this worker thread has.
            var attributes = posix_spawnattr_t()
            posix_spawnattr_init(&attributes)
            defer { posix_spawnattr_destroy(&attributes) }
            var empty = sigset_t()
            sigemptyset(&empty)
            var all = sigset_t()
            sigfillset(&all)
            sigdelset(&all, SIGKILL)
            sigdelset(&all, SIGSTOP)
            posix_spawnattr_setsigmask(&attributes, &empty)
            posix_spawnattr_setsigdefault(&attributes, &all)
            posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
            var pid: pid_t = 0
            guard posix_spawn(&pid, executable, &actions, &attributes, argv, env) == 0 else { return -1 }
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0, errno == EINTR {}
            return status & 0x7F == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        }
        let stdout = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
        let stderr = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
        return Run(status: status, stdout: stdout, stderr: stderr)
    }

    @Test("mousy server: did you mean serve?")
    func unknownCommand() async throws {
        let run = try await Self.mousy(["server"])
        #expect(run.status == 64)
        #expect(run.stderr == "Error: 'server' is not a mousy command; did you mean 'serve'?\n")
    }

    @Test("mousy watch --count -1: the range, not 'Missing value'")
    func countRange() async throws {
        let run = try await Self.mousy(["watch", "--count", "-1"])
        #expect(run.status == 64)
        #expect(run.sentence == "Error: --count must be a number of pings from 1 up, not -1.")
    }

    @Test("mousy serve --host 0.0.0.0.1: the host in words, with the fix")
    func unresolvableHost() async throws {
        let run = try await Self.mousy(["serve", "--host", "0.0.0.0.1", "--port", "0"])
        #expect(run.status == 1)
        #expect(run.stderr == "Cannot listen on 0.0.0.0.1:0: '0.0.0.0.1' is not an IP address or a host name that resolves; give --host an address of this machine (e.g. 127.0.0.1, 0.0.0.0 or ::1).\n")
    }

    @Test("a name that is too long is refused before connecting, and --help states the limit")
    func nameLimits() async throws {
        let port = QuietPort.next()  // nothing listens: only a check before connecting can answer
        let run = try await Self.mousy(["watch", "--server", "127.0.0.1:\(port)", "--user", String(repeating: "n", count: 33)])
        #expect(run.status == 64)
        #expect(run.sentence == "Error: --user is not a name a server accepts: it must be 1 to 32 characters.")
        for command in ["play", "watch"] {
            let help = try await Self.mousy([command, "--help"])
            #expect(help.stdout.replacingOccurrences(of: "\n", with: " ").contains("1 to 32 characters"), "\(command): \(help.stdout)")
        }
    }

    @Test("a web server where a game server should be is recognised as such", arguments: [["--user", "someone"], []])
    func notAGameServer(user: [String]) async throws {
        let web = try await HTMLServer.start()
        let run = try await Self.mousy(["watch", "--server", "127.0.0.1:\(web.port)"] + user)
        await web.close()
        #expect(run.status == 1)
        #expect(run.stderr.hasSuffix("127.0.0.1:\(web.port) is not a Mousy/Go-Shapes game server: it answered the login with something other than game frames.\n"), "\(run.stderr)")
        #expect(!run.stderr.contains("unknown message type"))
    }

    @Test("a wrong password names --password and MOUSY_PASSWORD")
    func badCredentials() async throws {
        let started = try await TestServer.start(logLevel: .critical)
        let (server, port) = (started.server, started.port)
        let run = try await Self.mousy(["watch", "--server", "127.0.0.1:\(port)", "--password", "wrong"])
        let refused = await server.stats().loginsRefused
        await server.shutdown()
        #expect(run.status == 1)
        // The trial login that looks for a free name is the only try: the server counts
        // every failed login against the address.
        #expect(refused == 1)
        #expect(run.stderr == "The server refused the login: bad credentials; give the right password with --password or the MOUSY_PASSWORD variable.\n")
    }

    @Test("a MOUSY_PORT that is not a port is one sentence")
    func badDefaultPort() async throws {
        let run = try await Self.mousy(["watch"], environment: ["MOUSY_PORT": "seven"])
        #expect(run.status == 64)
        #expect(run.sentence == "Error: MOUSY_PORT must be a port from 1 to 65535, not 'seven'.")
    }
}
