import Foundation
import TestSupport
import Testing

/// A bare `mousy --web-port` starts a game in the background (``HostedGame``) with the
/// page of its own: the starter prints the page's address as `serve --web-port` does, and
/// the page is served there.
@Suite("a started game's web front", .serialized, .scaledTimeLimit(minutes: 2), .ownThreads)
struct HostedGameWebEndToEndTests {
    @Test("mousy --web-port prints the page's address, and the game serves the page there")
    func page() async throws {
        let (port, webPort) = (QuietPort.next(), QuietPort.next())
        let tmux = try Tmux(columns: 120, rows: 30)
        defer { tmux.close() }
        let rcFile = tmux.directory.appendingPathComponent("rc").path
        let command = "TERM=xterm-256color XDG_CACHE_HOME=\(tmux.directory.path)/cache MOUSY_PORT=\(port) "
            + "\(try mousyExecutable()) --web-port \(webPort) --end-when-empty-s 1"
        try tmux.type("sh -c 'trap \"\" INT; \(command); echo \"rc=$?\" > \(rcFile)'")
        #expect(try await tmux.waitForLogin() == port)

        // The page, fetched as a browser would.
        let fetch = try await ChildProcess.run(
            "/usr/bin/python3", ["-c", "import urllib.request as u; r = u.urlopen('http://127.0.0.1:\(webPort)/'); print(r.status, 'mousy.js' in r.read().decode())"])
        #expect(fetch.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "200 True", "\(fetch.stderr)")

        try tmux.sendKey("q")
        try await waitUntil("mousy to exit", screen: tmux) { FileManager.default.fileExists(atPath: rcFile) }
        // Printed before the game took the screen, so it is there again once it has gone.
        let lines = try tmux.capture().split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(lines.contains("Web page on http://127.0.0.1:\(webPort)/"), "\(lines)")
        let log = tmux.directory.appendingPathComponent("cache/mousy/server-\(port).log").path
        let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        #expect(text.contains("Web page on http://127.0.0.1:\(webPort)/"), "\(text)")
    }
}
