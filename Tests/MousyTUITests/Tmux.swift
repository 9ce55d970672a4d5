import Foundation
import TestSupport
import Testing

/// A private tmux server (its own socket, no config) with one session running an
/// interactive bash, for driving `mousy` as a user would. Killed on `close()`.
final class Tmux {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    let directory: URL
    private let socket: String
    private let executable: String
    let session = "mousy"

    /// Starts the server with a `columns` x `rows` window. Throws (failing the test)
    /// when tmux is not installed: CI installs it (.ci/run), so a missing tmux is an error.
    init(columns: Int, rows: Int) throws {
        guard let executable = Self.findTmux() else {
            throw Failure(description: "tmux is required for the end-to-end tests but is not on PATH; install it (apt-get install -y tmux), as .ci/run does.")
        }
        self.executable = executable
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("mousy-e2e-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        socket = directory.appendingPathComponent("tmux.sock").path
        try tmux(["new-session", "-d", "-s", session, "-x", "\(columns)", "-y", "\(rows)",
                  "env", "PS1=$ ", "HISTFILE=/dev/null", "TERM=xterm-256color", "bash", "--norc", "--noprofile", "-i"])
        // Fixed size whatever clients attach (none do).
        try tmux(["set-option", "-t", session, "window-size", "manual"])
    }

    func close() {
        _ = try? tmux(["kill-server"])
        try? FileManager.default.removeItem(at: directory)
    }

    /// Types `line` into the shell and presses Enter.
    func type(_ line: String) throws {
        try tmux(["send-keys", "-t", session, "-l", line])
        try tmux(["send-keys", "-t", session, "Enter"])
    }

    /// Sends `text` as literal input (escape sequences included).
    func sendLiteral(_ text: String) throws {
        try tmux(["send-keys", "-t", session, "-l", text])
    }

    /// Sends a key by tmux name ("C-c", "C-z", "q").
    func sendKey(_ key: String) throws {
        try tmux(["send-keys", "-t", session, key])
    }

    func capture() throws -> String {
        try tmux(["capture-pane", "-p", "-t", session])
    }

    /// A tmux format evaluated for the pane, e.g. "#{mouse_any_flag}".
    func display(_ format: String) throws -> String {
        try tmux(["display-message", "-p", "-t", session, format]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func resize(columns: Int, rows: Int) throws {
        try tmux(["resize-window", "-t", session, "-x", "\(columns)", "-y", "\(rows)"])
    }

    /// The pid of the first process called `name` under the pane's shell, if any.
    func process(named name: String) throws -> Int32? {
        guard let shell = Int32(try display("#{pane_pid}")) else { return nil }
        var pending = [shell]
        while let pid = pending.popLast() {
            let comm = (try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8)) ?? ""
            if comm.trimmingCharacters(in: .whitespacesAndNewlines) == name { return pid }
            let children = (try? String(contentsOfFile: "/proc/\(pid)/task/\(pid)/children", encoding: .utf8)) ?? ""
            pending += children.split(separator: " ").compactMap { Int32($0) }
        }
        return nil
    }

    @discardableResult
    func tmux(_ arguments: [String]) throws -> String {
        // Output goes to files, not pipes: the tmux server forked by the first command
        // would inherit a pipe's write end and keep a reader waiting for EOF forever.
        // posix_spawn and waitpid rather than Foundation's Process, whose exit
        // monitoring can miss the child from a test's async context and wait forever.
        let outputPath = directory.appendingPathComponent("out-\(UUID().uuidString)").path
        let errorPath = directory.appendingPathComponent("err-\(UUID().uuidString)").path
        defer {
            unlink(outputPath)
            unlink(errorPath)
        }
        let status = try Self.spawnAndWait(executable, ["-S", socket, "-f", "/dev/null"] + arguments,
                                           stdout: outputPath, stderr: errorPath)
        let text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        guard status == 0 else {
            let message = (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? ""
            throw Failure(description: "tmux \(arguments.joined(separator: " ")) failed (\(status)): \(message)")
        }
        return text
    }

    /// Runs `path` with `arguments`, stdin from /dev/null, stdout and stderr to files;
    /// returns its exit status.
    private static func spawnAndWait(_ path: String, _ arguments: [String], stdout: String, stderr: String) throws -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        // Nothing else of this process may leak into tmux (and so into the shells and
        // mousy it starts): an inherited listening socket of another test would keep
        // that port accepting connections after its server closed it.
        Self.closeInheritedDescriptors(&actions)
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        let envp = ProcessInfo.processInfo.environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        // The test runs on a worker thread that blocks most signals; the tmux server and
        // so mousy would inherit that mask. Start the child with none blocked, all default.
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
        let spawned = posix_spawn(&pid, path, &actions, &attributes, argv, envp)
        guard spawned == 0 else {
            throw Failure(description: "cannot run \(path): \(String(cString: strerror(spawned)))")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { throw Failure(description: "waitpid failed: \(String(cString: strerror(errno)))") }
        }
        // WIFEXITED / WEXITSTATUS, which Swift does not import.
        return status & 0x7F == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    }

    private typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

    /// Adds "close every descriptor from 3 on" to `actions`: glibc's
    /// posix_spawn_file_actions_addclosefrom_np (2.34+, not imported into Swift), else a
    /// close action for each descriptor open now.
    private static func closeInheritedDescriptors(_ actions: inout posix_spawn_file_actions_t) {
        if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") {
            let addCloseFrom = unsafeBitCast(symbol, to: AddCloseFrom.self)
            if addCloseFrom(&actions, 3) == 0 { return }
        }
        let open = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        for fd in open.compactMap({ Int32($0) }) where fd > 2 {
            posix_spawn_file_actions_addclose(&actions, fd)
        }
    }

    private static func findTmux() -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") + ["/usr/bin", "/usr/local/bin"] {
            let candidate = "\(directory)/tmux"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}

/// Polls `condition` until it holds or `timeout` (scaled by ``TestTime/scale``) passes;
/// then throws with `what` and the last screen, if given.
func waitUntil(_ what: String, timeout: Duration = TestTime.defaultBound, screen: Tmux? = nil,
               _ condition: () async throws -> Bool) async throws {
    // Not too often: a condition here usually runs tmux.
    guard try await !eventually(timeout: timeout, every: .milliseconds(25), condition) else { return }
    let last = (try? screen?.capture()).flatMap { $0 } ?? ""
    throw Tmux.Failure(description: "timed out waiting for \(what)" + (last.isEmpty ? "" : "; the screen:\n\(last)"))
}

/// The `mousy` executable built next to this test bundle (`swift test` builds it).
func mousyExecutable() throws -> String {
    let me = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    var directory = me.deletingLastPathComponent()
    // The test runner may sit inside a bundle directory (MousyPackageTests.xctest/...).
    for _ in 0..<4 {
        let candidate = directory.appendingPathComponent("mousy").path
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        directory = directory.deletingLastPathComponent()
    }
    throw Tmux.Failure(description: "cannot find the mousy executable next to \(me.path); build it with `swift build`.")
}
