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
        endHostedGames()
        try? FileManager.default.removeItem(at: directory)
    }

    /// A bare `mousy` leaves its game running after it quits (for a minute, by default):
    /// end the games started from this server's panes, found by the cache directory the
    /// tests give them, so that no test leaves a process behind.
    func endHostedGames() {
        let marker = "XDG_CACHE_HOME=\(directory.path)/cache"
        let processes = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        for pid in processes.compactMap({ Int32($0) }) {
            guard let command = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline"),
                  String(decoding: command, as: UTF8.self).split(separator: "\0").contains("hosted-game"),
                  let environment = FileManager.default.contents(atPath: "/proc/\(pid)/environ"),
                  String(decoding: environment, as: UTF8.self).split(separator: "\0").contains(Substring(marker))
            else { continue }
            kill(pid, SIGTERM)
        }
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

    /// The screen with its SGR sequences (colours and attributes), as `capture-pane -e`.
    func captureWithEscapes() throws -> String {
        try tmux(["capture-pane", "-e", "-p", "-t", session])
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

    /// Waits until the `mousy play` in the pane shows it is logged in; returns the server's
    /// port from its status pane.
    func waitForLogin() async throws -> Int {
        var port: Int?
        try await waitUntil("the status pane to show a login and the server address", screen: self) {
            let screen = try capture()
            guard screen.contains("logged in"),
                  let match = screen.firstMatch(of: /server  127\.0\.0\.1:(\d+)/) else { return false }
            port = Int(match.1)
            return true
        }
        return try #require(port)
    }

    @discardableResult
    func tmux(_ arguments: [String]) throws -> String {
        // The tmux server forked by the first command keeps none of the pipes: it
        // daemonizes (stdio to /dev/null), and the child gets no other descriptor.
        let run = try ChildProcess.run(executable, ["-S", socket, "-f", "/dev/null"] + arguments)
        guard run.status == 0 else {
            throw Failure(description: "tmux \(arguments.joined(separator: " ")) failed (\(run.status)): \(run.stderr)")
        }
        return run.stdout
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
