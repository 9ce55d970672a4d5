import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A child process for tests: started with posix_spawn, stdin from /dev/null, stdout and
/// stderr on pipes read as they come, its exit taken with waitpid.
///
/// Foundation's `Process` now and then never saw a child's exit on a loaded machine, and
/// the test waited until its time limit. Here each pipe is read, and the child waited
/// for, by a thread of its own: blocking there holds none of Swift's cooperative threads
/// and misses nothing, however late it runs. Every wait has an upper bound only: when it
/// passes, the child is killed (SIGKILL) and the wait throws with all it wrote.
// Every stored `var` is guarded by `condition`.
public final class ChildProcess: @unchecked Sendable {
    /// A child that could not be started, or that a wait gave up on (and killed).
    public struct Failure: Error, CustomStringConvertible {
        public let description: String

        public init(description: String) {
            self.description = description
        }
    }

    /// How a child ended, and all it wrote.
    public struct Exit: Sendable {
        /// The exit code, or 128 + the number of the signal that ended it (as a shell's `$?`).
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    /// The child's process id (not to be signalled directly: see ``send(_:)``).
    public let pid: pid_t
    private let command: String
    private let condition = NSCondition()
    private var output: [UInt8] = []
    private var errors: [UInt8] = []
    private var openPipes = 2
    private var status: Int32?

    /// Starts `path` with `arguments` and `environment` (this process's unless given).
    /// The child has no signal blocked or ignored, and no descriptor of this process but
    /// its three standard ones: tests run in parallel, and a child holding another test's
    /// listening socket or pipe would keep that port open or that pipe from its end.
    public static func start(
        _ path: String, _ arguments: [String], environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> ChildProcess {
        let outPipe = try closeOnExecPipe()
        let errPipe: [Int32]
        do {
            errPipe = try closeOnExecPipe()
        } catch {
            outPipe.forEach { close($0) }
            throw error
        }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)
        closeFromThree(&actions)

        // The caller may be a thread that blocks most signals; the child would inherit that.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        var all = sigset_t()
        sigfillset(&all)
        sigdelset(&all, SIGKILL)
        sigdelset(&all, SIGSTOP)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, path, &actions, &attributes, argv, envp)
        close(outPipe[1])
        close(errPipe[1])
        guard spawned == 0 else {
            close(outPipe[0])
            close(errPipe[0])
            throw Failure(description: "cannot run \(path): \(String(cString: strerror(spawned)))")
        }
        let child = ChildProcess(pid: pid, command: ([path] + arguments).joined(separator: " "))
        Thread { child.read(outPipe[0], stderr: false) }.start()
        Thread { child.read(errPipe[0], stderr: true) }.start()
        Thread { child.reap() }.start()
        return child
    }

    /// Runs `path` to its end; see ``waitForExit(within:)``.
    public static func run(
        _ path: String, _ arguments: [String], environment: [String: String] = ProcessInfo.processInfo.environment,
        within bound: Duration = TestTime.defaultBound
    ) async throws -> Exit {
        try await start(path, arguments, environment: environment).waitForExit(within: bound)
    }

    /// Runs `path` to its end, blocking this thread; see ``waitForExit(within:)``.
    public static func run(
        _ path: String, _ arguments: [String], environment: [String: String] = ProcessInfo.processInfo.environment,
        within bound: Duration = TestTime.defaultBound
    ) throws -> Exit {
        try start(path, arguments, environment: environment).waitForExit(within: bound)
    }

    private init(pid: pid_t, command: String) {
        self.pid = pid
        self.command = command
    }

    /// What the child has written to stdout so far.
    public var stdout: String { locked { String(decoding: output, as: UTF8.self) } }

    /// What the child has written to stderr so far.
    public var stderr: String { locked { String(decoding: errors, as: UTF8.self) } }

    /// Sends `signal` to the child, unless it has already been reaped (its pid may then
    /// be another process's).
    public func send(_ signal: Int32) {
        locked {
            if status == nil { _ = kill(pid, signal) }
        }
    }

    /// Waits until the child has exited and both its pipes are at their end. If `bound`
    /// (scaled by ``TestTime/scale``) passes first, kills the child and throws, with its output.
    public func waitForExit(within bound: Duration = TestTime.defaultBound) async throws -> Exit {
        try await offPool { Result { try self.waitForExit(within: bound) } }.get()
    }

    /// ``waitForExit(within:)``, blocking this thread.
    public func waitForExit(within bound: Duration = TestTime.defaultBound) throws -> Exit {
        try wait("exit", within: bound) { $0.status != nil && $0.openPipes == 0 }
        return locked { Exit(status: status!, stdout: String(decoding: output, as: UTF8.self), stderr: String(decoding: errors, as: UTF8.self)) }
    }

    /// The first line of stdout (without its newline), or nil if stdout ends without one.
    /// If `bound` (scaled by ``TestTime/scale``) passes first, kills the child and throws.
    public func firstLine(within bound: Duration = TestTime.defaultBound) async throws -> String? {
        try await offPool {
            Result {
                try self.wait("a line on stdout", within: bound) { $0.output.contains(UInt8(ascii: "\n")) || $0.openPipes == 0 }
                return self.locked {
                    guard let end = self.output.firstIndex(of: UInt8(ascii: "\n")) else { return nil }
                    return String(decoding: self.output[..<end], as: UTF8.self)
                }
            }
        }.get()
    }

    /// Blocks until `done` holds; past `bound`, kills the child and throws.
    private func wait(_ what: String, within bound: Duration, until done: (ChildProcess) -> Bool) throws {
        let scaled = TestTime.scaled(bound)
        let deadline = ContinuousClock.now + scaled
        condition.lock()
        while !done(self) {
            let left = deadline - ContinuousClock.now
            guard left > .zero else {
                condition.unlock()
                throw killed(waitingFor: what, for: scaled)
            }
            let seconds = Double(left.components.seconds) + Double(left.components.attoseconds) * 1e-18
            _ = condition.wait(until: Date(timeIntervalSinceNow: seconds))
        }
        condition.unlock()
    }

    /// Kills the child after a wait for `what` gave up, and the failure to throw.
    private func killed(waitingFor what: String, for bound: Duration) -> Failure {
        send(SIGKILL)
        // SIGKILL cannot be caught: the child is reaped and its pipes end at once (unless
        // something it started holds them; then say what there is).
        let deadline = ContinuousClock.now + .seconds(5)
        condition.lock()
        while status == nil || openPipes > 0, ContinuousClock.now < deadline {
            _ = condition.wait(until: Date(timeIntervalSinceNow: 0.05))
        }
        condition.unlock()
        let (out, err) = (stdout, stderr)
        return Failure(description: "`\(command)` (pid \(pid)) did not \(what) within \(bound), so it was killed; stdout: \(out.debugDescription); stderr: \(err.debugDescription)")
    }

    /// Reads `fd` to its end, on a thread of its own.
    private func read(_ fd: Int32, stderr: Bool) {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            changing {
                if count > 0 {
                    if stderr { errors += buffer[..<count] } else { output += buffer[..<count] }
                } else {
                    openPipes -= 1
                }
            }
            if count <= 0 { break }
        }
        close(fd)
    }

    /// Waits for the child's exit, on a thread of its own.
    private func reap() {
        // Wait without reaping, then reap under the lock: `send` never signals a pid
        // that has been reaped and so may belong to another process.
        var info = siginfo_t()
        while waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) != 0, errno == EINTR {}
        changing {
            var raw: Int32 = 0
            var reaped = waitpid(pid, &raw, 0)
            while reaped < 0, errno == EINTR { reaped = waitpid(pid, &raw, 0) }
            // WIFEXITED / WEXITSTATUS / WTERMSIG, which Swift does not import.
            status = reaped < 0 ? -1 : raw & 0x7F == 0 ? (raw >> 8) & 0xFF : 128 + (raw & 0x7F)
        }
    }

    private func locked<T>(_ body: () -> T) -> T {
        condition.lock()
        defer { condition.unlock() }
        return body()
    }

    private func changing(_ body: () -> Void) {
        condition.lock()
        body()
        condition.broadcast()
        condition.unlock()
    }

    private typealias Pipe2 = @convention(c) (UnsafeMutablePointer<Int32>, Int32) -> Int32

    /// A pipe (read end, write end) whose ends are close-on-exec from the start, so that
    /// no child another test starts meanwhile inherits them: glibc's pipe2, which Swift
    /// does not import.
    private static func closeOnExecPipe() throws -> [Int32] {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "pipe2") else {
            throw Failure(description: "pipe2 is missing from the C library")
        }
        var ends: [Int32] = [-1, -1]
        guard unsafeBitCast(symbol, to: Pipe2.self)(&ends, O_CLOEXEC) == 0 else {
            throw Failure(description: "pipe2: \(String(cString: strerror(errno)))")
        }
        return ends
    }

    private typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

    /// Adds "close every descriptor from 3 on" to `actions`: glibc's
    /// posix_spawn_file_actions_addclosefrom_np (2.34+, not imported into Swift), else a
    /// close action for each descriptor open now.
    private static func closeFromThree(_ actions: inout posix_spawn_file_actions_t) {
        if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") {
            let addCloseFrom = unsafeBitCast(symbol, to: AddCloseFrom.self)
            if addCloseFrom(&actions, 3) == 0 { return }
        }
        let open = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        for fd in open.compactMap({ Int32($0) }) where fd > 2 {
            posix_spawn_file_actions_addclose(&actions, fd)
        }
    }
}
