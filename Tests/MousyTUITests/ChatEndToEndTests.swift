import Foundation
import GameUI
import Messages
import TestSupport
import Testing
@testable import MousyTUI

/// CHAT as players see it: a line typed in `mousy play` (tmux) reaches an OpenSSH player,
/// `mousy watch` and a raw peer; the SSH player's answer reaches `mousy play`. One game
/// server (with its SSH front) in this process.
@Suite("chat end to end", .serialized, .scaledTimeLimit(minutes: 2), .ownThreads)
struct ChatEndToEndTests {
    static let columns = 100
    static let rows = 30

    /// `mousy play` for `user` on the game server at `port`, in `tmux`; the exit code
    /// lands in the returned file.
    private func play(_ tmux: Tmux, port: Int, user: String) throws -> String {
        let rcFile = tmux.directory.appendingPathComponent("rc-play").path
        // Colours are checked: NO_COLOR (which a test runner may set) is dropped.
        let command = "env -u NO_COLOR TERM=xterm-256color XDG_CACHE_HOME=\(tmux.directory.path)/cache MOUSY_PASSWORD=welcome "
            + "\(try mousyExecutable()) play --server 127.0.0.1:\(port) --user \(user)"
        try tmux.type("sh -c 'trap \"\" INT; \(command); echo \"rc=$?\" > \(rcFile)'")
        return rcFile
    }

    /// OpenSSH (with sshpass) as `user`, in `tmux`; the exit code lands in the returned file.
    private func ssh(_ tmux: Tmux, port: Int, user: String) throws -> String {
        let rcFile = tmux.directory.appendingPathComponent("rc-ssh").path
        let options = "-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -o NumberOfPasswordPrompts=1"
        try tmux.type("TERM=xterm-256color sshpass -p welcome ssh -tt -p \(port) \(options) \(user)@127.0.0.1; echo \"rc=$?\" > \(rcFile)")
        return rcFile
    }

    private func exitCode(_ rcFile: String) -> Int? {
        guard let text = try? String(contentsOfFile: rcFile, encoding: .utf8) else { return nil }
        return Int(text.trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: "rc=", with: ""))
    }

    /// The CHAT lines `peer` has received so far, as (sender, text).
    private func chats(_ peer: TestClient) async throws -> [(String, String)] {
        try await peer.received().compactMap {
            if case .chat(let chat) = $0 { return (chat.sender, chat.text) }
            return nil
        }
    }

    /// The 256-colour foreground last set before `text` on the first row holding `row`.
    private func hue(before text: String, onRowWith marker: String, in rows: [String]) -> String? {
        guard let row = rows.first(where: { $0.contains(marker) }), let range = row.range(of: text) else { return nil }
        return row[..<range.lowerBound].matches(of: /38;5;(\d+)/).last.map { String($0.1) }
    }

    @Test("a line typed in mousy play, edited on the way, reaches an SSH player, mousy watch and a raw peer; the SSH player's answer comes back")
    func chatAcrossFronts() async throws {
        for tool in ["ssh", "sshpass"] {
            let found = ["/usr/bin", "/bin", "/usr/local/bin"].contains { FileManager.default.isExecutableFile(atPath: "\($0)/\(tool)") }
            guard found else {
                throw Tmux.Failure(description: "\(tool) is required for the SSH tests; install it (apt-get install -y openssh-client sshpass), as .ci/run does.")
            }
        }
        let servers = try await SSHEndToEndTests.Servers.start()
        let alice = try Tmux(columns: Self.columns, rows: Self.rows)
        defer { alice.close() }
        let bob = try Tmux(columns: Self.columns, rows: Self.rows)
        defer { bob.close() }
        let (carol, welcome) = try await TestClient.login(port: servers.gamePort, username: "carol", understands: MType.allCases)
        #expect(welcome.ok)
        let watch = try MousyProcess.start(
            ["watch", "--server", "127.0.0.1:\(servers.gamePort)", "--user", "watcher"], environment: ["MOUSY_PASSWORD": "welcome"])
        defer { watch.send(SIGTERM) }

        let playRC = try play(alice, port: servers.gamePort, user: "alice")
        let sshRC = try ssh(bob, port: servers.ssh.port, user: "bob")
        try await waitUntil("alice and bob to see each other", screen: alice) {
            try alice.capture().contains("  bob -") && bob.capture().contains("  alice -")
        }
        try await waitUntil("the watcher to log in") { watch.stderr.contains("Logged in to") }

        // Enter opens the line; q and ? type; Left, Home, End and Backspace edit it.
        try alice.sendKey("Enter")
        try await waitUntil("the chat line to open", screen: alice) { try alice.capture().contains(" Enter send  Esc cancel") }
        try alice.sendLiteral("helo q? 漢字")
        try alice.sendKey("Home")
        for _ in 0..<3 { try alice.sendKey("Right") }
        try alice.sendLiteral("l")
        try alice.sendKey("End")
        try alice.sendKey("BSpace")
        try await waitUntil("the edited line in the editor", screen: alice) { try alice.capture().contains("> hello q? 漢") }
        try alice.sendKey("Enter")

        let line = "alice: hello q? 漢"
        try await waitUntil("the line on alice's own screen, sent", screen: alice) {
            let screen = try alice.capture()
            return screen.contains(line) && screen.contains(" q quit  ? help  Enter chat")
        }
        try await waitUntil("the line on bob's screen over ssh", screen: bob) { try bob.capture().contains(line) }
        try await waitUntil("mousy watch to print the line") { watch.stdout.contains("chat \(line)\n") }
        try await waitUntil("the raw peer to receive it, stamped with alice's name") {
            try await chats(carol).contains { $0 == ("alice", "hello q? 漢") }
        }
        #expect(exitCode(playRC) == nil, "q typed into the chat line did not quit")

        // Esc cancels a line: nothing is sent.
        try alice.sendKey("Enter")
        try alice.sendLiteral("never sent")
        try await waitUntil("the line to be typed", screen: alice) { try alice.capture().contains("> never sent") }
        try alice.sendKey("Escape")
        try await waitUntil("the editor to close", screen: alice) { try !alice.capture().contains("> never sent") }

        // Bob answers over ssh; the raw peer's line shows too.
        try bob.sendKey("Enter")
        try bob.sendLiteral("hi alice")
        try bob.sendKey("Enter")
        try await carol.send(.chat(.with { $0.text = "hi from carol" }))
        try await waitUntil("bob's and carol's lines on alice's screen", screen: alice) {
            let screen = try alice.capture()
            return screen.contains("bob: hi alice") && screen.contains("carol: hi from carol")
        }
        try await waitUntil("mousy watch to print them") {
            watch.stdout.contains("chat bob: hi alice\n") && watch.stdout.contains("chat carol: hi from carol\n")
        }
        #expect(try await !chats(carol).contains { $0.1 == "never sent" })
        // Bob's name in the hue his entry in the player list has on alice's screen.
        let styled = try alice.captureWithEscapes().split(separator: "\n").map(String.init)
        let chatHue = hue(before: "bob", onRowWith: "hi alice", in: styled)
        #expect(chatHue != nil && chatHue == hue(before: "bob -", onRowWith: "bob -", in: styled), "\(styled)")

        try alice.sendKey("q")
        try bob.sendKey("q")
        try await waitUntil("both players to exit", screen: alice) { exitCode(playRC) != nil && exitCode(sshRC) != nil }
        #expect(exitCode(playRC) == 0 && exitCode(sshRC) == 0)
        await carol.close()
        watch.send(SIGTERM)
        _ = try await watch.waitForExit()
        await servers.stop()
    }
}
