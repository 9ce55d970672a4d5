import Foundation
import TestSupport
import Testing

/// `mousy watch` and `mousy play` against a server whose every string attacks the
/// terminal (``HostileServer``): whatever it sends, nothing that reaches the terminal or
/// client.log carries ESC, BEL, another control, a C1 control or a bidi override.
@Suite("Hostile server", .scaledTimeLimit(minutes: 2), .ownThreads)
struct HostileServerTests {
    /// The reason as the sanitiser shows it: escaped up to the ESC, nothing after.
    static let shownReason = "nope \\u{202e}txt.exe \\u{9b}2J\\u{85}bell\\007\\033"

    @Test("watch: logged in, goodbye, refused, with --verbose logs: no control reaches stdout or stderr")
    func watch() async throws {
        let server = try await HostileServer.start([.play(goodbyeAfterBounces: 2), .refuse])
        defer { Task { await server.close() } }
        // A given name: no trial login for a free one, so the script's connections are the client's.
        let run = try await WatchCommandTests.watch(["--server", "127.0.0.1:\(server.port)", "--user", "player1", "--verbose"])
        #expect(run.status == 1)
        #expect(terminalControls(in: Array(run.stdout.utf8)) == [], "stdout: \(run.stdout.debugDescription)")
        #expect(terminalControls(in: Array(run.stderr.utf8)) == [], "stderr: \(run.stderr.debugDescription)")
        // Every path was taken: in, pinged, sent away, refused on the way back in.
        #expect(run.stderr.contains("Logged in to 127.0.0.1:\(server.port)"))
        #expect(run.stdout.split(separator: "\n").contains(where: WatchCommandTests.isPingLine))
        #expect(run.stderr.contains("The server ended the session: " + Self.shownReason))
        #expect(run.stderr.contains("The server refused the login: " + Self.shownReason))
        // The status lines end the reason at its ESC (log lines may show a message's
        // fields escaped, which is safe too).
        let status = run.stderr.split(separator: "\n").filter { !$0.contains(" mousy.watch: ") }
        #expect(!status.contains { $0.contains("PWNED") })
        #expect(server.connections == 2)
    }

    @Test("play: names on the screen, the goodbye, the refusal shown until q and client.log carry no control")
    func play() async throws {
        let server = try await HostileServer.start([.play(goodbyeAfterBounces: nil), .refuse])
        defer { Task { await server.close() } }
        let tmux = try Tmux(columns: 120, rows: 40)
        defer { tmux.close() }
        // With the clipboard on, an OSC 52 that got through would fill a tmux buffer.
        try tmux.tmux(["set-option", "-g", "set-clipboard", "on"])
        let directory = tmux.directory.path
        let mousy = try mousyExecutable()
        try tmux.type(
            "sh -c 'TERM=xterm-256color XDG_CACHE_HOME=\(directory)/cache \(mousy) play --server 127.0.0.1:\(server.port) --user alice"
                + " 2>\(directory)/stderr; echo \"rc=$?\" > \(directory)/rc'")
        // Logged in, with the hostile names drawn (escaped) on the screen.
        try await waitUntil("the hostile names on the screen", screen: tmux) {
            let screen = try tmux.capture()
            return screen.contains("logged in") && screen.contains("gnp.exe") && screen.contains("late")
        }
        let screen = try tmux.capture()
        #expect(terminalControls(in: Array(screen.utf8)) == [], "\(screen)")
        #expect(screen.contains("bidi\\u{202e}gnp.exe"))
        #expect(try !tmux.display("#{pane_title}").contains("PWNED"))

        // The goodbye, then the refusal on the way back in: after playing, the reason stays
        // on the screen in the top line (escaped) until q.
        server.sayGoodbye()
        try await waitUntil("the refusal on the screen", screen: tmux) {
            let screen = try tmux.capture()
            return screen.contains("refused · nope") && screen.contains("\\u{9b}2J\\u{85}bell\\007\\033")
        }
        let refused = try tmux.capture()
        #expect(terminalControls(in: Array(refused.utf8)) == [], "\(refused)")
        try tmux.sendKey("q")
        let rcFile = directory + "/rc"
        try await waitUntil("mousy to exit", screen: tmux) { FileManager.default.fileExists(atPath: rcFile) }
        // Quitting on a refusal reports it, as one sentence on stderr, and fails.
        let rc = try String(contentsOfFile: rcFile, encoding: .utf8)
        #expect(rc == "rc=1\n")
        let stderr = try Data(contentsOf: URL(fileURLWithPath: directory + "/stderr"))
        #expect(String(decoding: stderr, as: UTF8.self).contains("refused the login"))
        #expect(terminalControls(in: Array(stderr)) == [], "\(String(decoding: stderr, as: UTF8.self).debugDescription)")
        let after = try tmux.capture()
        #expect(terminalControls(in: Array(after.utf8)) == [])
        #expect(try !tmux.display("#{pane_title}").contains("PWNED"))
        #expect(try tmux.tmux(["list-buffers"]).isEmpty, "an OSC 52 reached tmux's clipboard")

        let log = try Data(contentsOf: URL(fileURLWithPath: directory + "/cache/mousy/client.log"))
        #expect(!log.isEmpty)
        #expect(terminalControls(in: Array(log)) == [], "\(String(decoding: log, as: UTF8.self))")
        #expect(String(decoding: log, as: UTF8.self).contains("\\033"))
        #expect(server.connections == 2)
    }
}
