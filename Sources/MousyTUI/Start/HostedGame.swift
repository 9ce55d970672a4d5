#if canImport(Glibc)
import Glibc
#endif

/// Starts the game a bare `mousy` hosts when it finds none: this same binary as
/// `mousy hosted-game` (``HostedGameCommand``), a detached child in a session of its own,
/// its standard streams on /dev/null until it opens its log. So the terminal's signals
/// and hang-up never reach it, and quitting the `mousy` that started it ends nothing: the
/// game runs while anyone plays and ends by itself a while after the last player left.
/// The child says on a pipe that it listens (and where), or why it cannot.
enum HostedGame {
    /// Seconds a game stays up after its last player left, unless `--end-when-empty-s` says.
    static let defaultEndWhenEmpty: Double = 60
    /// The values `--end-when-empty-s` takes.
    static let endWhenEmptyRange: ClosedRange<Double> = 0.1...86_400

    /// Where the started game listens.
    struct Listening: Equatable {
        var port: Int
        var sshPort: Int?
        /// The SSH host key's "SHA256:..." fingerprint, with `sshPort`.
        var sshFingerprint: String?
        /// True when the game made the host key on this start.
        var sshKeyGenerated = false
        /// The port of its web front (the page), when asked for.
        var webPort: Int?
    }

    /// Why no game was started.
    enum Failure: Error, Equatable {
        /// The port was taken meanwhile (another `mousy` started its game first).
        case addressInUse
        /// One plain sentence.
        case failed(String)
    }

    /// The game's process, with what `mousy play` was given; returns once it listens.
    static func start(
        port: Int, password: String, world: WorldOption, shapes: Int = 0, endWhenEmpty: Double, logDirectory: String,
        sshPort: Int?, sshHostKey: String?, sshLoginGrace: Double = SSHOptions.defaultLoginGraceS,
        passwordSource: PasswordSource = .builtIn, webPort: Int? = nil
    ) throws(Failure) -> Listening {
        var arguments = [
            "hosted-game", "--port", "\(port)", "--world", world.description, "--shapes", "\(shapes)",
            "--end-when-empty-s", OptionCheck.format(endWhenEmpty), "--log-directory", logDirectory, "--ready-fd", "3",
        ]
        if let sshPort {
            arguments += ["--ssh-port", "\(sshPort)", "--ssh-login-grace-s", OptionCheck.format(sshLoginGrace),
                          "--password-source", passwordSource.rawValue]
        }
        if let sshHostKey { arguments += ["--ssh-host-key", sshHostKey] }
        if let webPort { arguments += ["--web-port", "\(webPort)"] }
        let line = try spawn(arguments: arguments, password: password)
        return try parse(line, logDirectory: logDirectory)
    }

    /// The child's one line: "listening PORT [SSHPORT FINGERPRINT [new]] [web WEBPORT]",
    /// "in-use" or "error SENTENCE".
    static func parse(_ line: String?, logDirectory: String) throws(Failure) -> Listening {
        guard let line else {
            throw .failed("The game server stopped before it listened; its log is in \(logDirectory).")
        }
        let words = line.split(separator: " ", maxSplits: 1).map(String.init)
        switch words.first {
        case "listening":
            var fields = (words.count > 1 ? words[1] : "").split(separator: " ").map(String.init)
            var webPort: Int?
            if fields.count >= 2, fields[fields.count - 2] == "web" {
                guard let port = Int(fields[fields.count - 1]) else {
                    throw .failed("The game server said something unexpected: \(line)")
                }
                webPort = port
                fields.removeLast(2)
            }
            guard let port = fields.first.flatMap({ Int($0) }) else {
                throw .failed("The game server said something unexpected: \(line)")
            }
            guard fields.count > 1 else { return Listening(port: port, webPort: webPort) }
            guard fields.count >= 3, let sshPort = Int(fields[1]), fields[2].hasPrefix("SHA256:") else {
                throw .failed("The game server said something unexpected: \(line)")
            }
            return Listening(port: port, sshPort: sshPort, sshFingerprint: fields[2], sshKeyGenerated: fields.dropFirst(3).first == "new",
                             webPort: webPort)
        case "in-use":
            throw .addressInUse
        case "error" where words.count > 1:
            throw .failed(words[1])
        default:
            throw .failed("The game server said something unexpected: \(line)")
        }
    }

    /// Starts the child and reads its line (nil when it ended without one).
    private static func spawn(arguments: [String], password: String) throws(Failure) -> String? {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { throw .failed("Cannot start the game server: \(String(cString: strerror(errno))).") }
        let (readEnd, writeEnd) = (ends[0], ends[1])
        _ = fcntl(readEnd, F_SETFD, FD_CLOEXEC)
        _ = fcntl(writeEnd, F_SETFD, FD_CLOEXEC)
        defer { close(readEnd) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, writeEnd, 3)  // clears close-on-exec on 3

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // Nothing blocked or ignored from this process (curses and the signal pipe change both).
        var none = sigset_t()
        sigemptyset(&none)
        var all = sigset_t()
        sigfillset(&all)
        sigdelset(&all, SIGKILL)
        sigdelset(&all, SIGSTOP)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | setSessionFlag))

        var environment: [String] = []
        var entry = environ
        while let pointer = entry.pointee {
            let variable = String(cString: pointer)
            if !variable.hasPrefix("MOUSY_PASSWORD=") { environment.append(variable) }
            entry += 1
        }
        environment.append("MOUSY_PASSWORD=" + password)
        let executable = ownExecutable()
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup($0) } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        close(writeEnd)
        guard spawned == 0 else {
            throw .failed("Cannot start the game server (\(executable)): \(String(cString: strerror(spawned))).")
        }
        let line = readLine(from: readEnd, within: 20_000)
        // The child lives on in its own session; reap it if it has already ended, so that
        // it is no zombie while this process plays.
        var status: Int32 = 0
        _ = waitpid(pid, &status, WNOHANG)
        return line
    }

    /// posix_spawn's POSIX_SPAWN_SETSID (glibc 2.26+): the child calls setsid(). The
    /// constant is a GNU extension that Swift does not import.
    private static let setSessionFlag: Int32 = 0x80

    /// This process's executable, so that the game runs the same build.
    private static func ownExecutable() -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard count > 0 else { return CommandLine.arguments[0] }
        return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The first line on `descriptor`, waiting at most `milliseconds` in all; nil at its
    /// end without one, or when time is up.
    private static func readLine(from descriptor: Int32, within milliseconds: Int) -> String? {
        var bytes: [UInt8] = []
        let deadline = Self.nowMilliseconds() + milliseconds
        while true {
            let left = deadline - Self.nowMilliseconds()
            guard left > 0 else { return nil }
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, Int32(left))
            if ready < 0, errno == EINTR { continue }
            guard ready > 0 else { return nil }
            var chunk = [UInt8](repeating: 0, count: 512)
            let count = read(descriptor, &chunk, chunk.count)
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { return nil }
            bytes += chunk[0..<count]
            if let newline = bytes.firstIndex(of: UInt8(ascii: "\n")) {
                return String(decoding: bytes[..<newline], as: UTF8.self)
            }
        }
    }

    private static func nowMilliseconds() -> Int {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return now.tv_sec * 1000 + now.tv_nsec / 1_000_000
    }
}
