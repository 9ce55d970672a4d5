import Testing
@testable import MousyTUI

/// The pure parts of the game a bare `mousy` starts: when it ends, what its process
/// says to its starter, and what the status pane says of it.
@Suite("hosted game")
struct HostedGameTests {
    @Test("a game ends its delay after the last player left, and waits longer for its first player")
    func emptyGameRule() {
        let start = ContinuousClock.Instant.now
        var rule = EmptyGameRule(delay: .seconds(1), start: start)
        func ends(_ online: Int, after seconds: Double, logins: Int = 0) -> Bool {
            rule.observe(online: online, logins: logins, at: start + .seconds(seconds))
        }
        // Nobody yet: the first player is given at least 30 s to arrive.
        #expect(!ends(0, after: 5))
        #expect(ends(0, after: 30))
        rule = EmptyGameRule(delay: .seconds(60), start: start)
        #expect(!ends(0, after: 40))
        #expect(!ends(2, after: 50))
        // Players present: never ends, however long.
        #expect(!ends(1, after: 500))
        // The last one left at 600 s: ends at 660 s, not before.
        #expect(!ends(0, after: 600))
        #expect(!ends(0, after: 659))
        // Someone came back meanwhile: the clock starts again when they leave.
        #expect(!ends(1, after: 659.5))
        #expect(!ends(0, after: 700))
        #expect(!ends(0, after: 759))
        #expect(ends(0, after: 760))
        // A player who came and went between two looks: the logins say someone came, and
        // the game is empty from that look on.
        rule = EmptyGameRule(delay: .seconds(1), start: start)
        #expect(!ends(0, after: 0.5, logins: 1))
        #expect(!ends(0, after: 1.4, logins: 1))
        #expect(ends(0, after: 1.5, logins: 1))
        #expect(EmptyGameRule(delay: .seconds(60), start: start).checkInterval == .seconds(1))
        #expect(EmptyGameRule(delay: .seconds(1), start: start).checkInterval == .milliseconds(200))
    }

    @Test("the started game's one line: where it listens, the port taken, or why it cannot")
    func readyLine() throws {
        #expect(try HostedGame.parse("listening 7777", logDirectory: "/d") == .init(port: 7777, sshPort: nil))
        #expect(try HostedGame.parse("listening 7777 2222 SHA256:abc", logDirectory: "/d")
                == .init(port: 7777, sshPort: 2222, sshFingerprint: "SHA256:abc"))
        #expect(try HostedGame.parse("listening 7777 2222 SHA256:abc new", logDirectory: "/d")
                == .init(port: 7777, sshPort: 2222, sshFingerprint: "SHA256:abc", sshKeyGenerated: true))
        // An SSH port needs its host key's fingerprint: the starter prints it.
        #expect(throws: HostedGame.Failure.failed("The game server said something unexpected: listening 7777 2222")) {
            try HostedGame.parse("listening 7777 2222", logDirectory: "/d")
        }
        // The page's port comes last, after the SSH fields if any.
        #expect(try HostedGame.parse("listening 7777 web 8080", logDirectory: "/d") == .init(port: 7777, webPort: 8080))
        #expect(try HostedGame.parse("listening 7777 2222 SHA256:abc new web 8080", logDirectory: "/d")
                == .init(port: 7777, sshPort: 2222, sshFingerprint: "SHA256:abc", sshKeyGenerated: true, webPort: 8080))
        #expect(throws: HostedGame.Failure.failed("The game server said something unexpected: listening 7777 web x")) {
            try HostedGame.parse("listening 7777 web x", logDirectory: "/d")
        }
        #expect(throws: HostedGame.Failure.addressInUse) { try HostedGame.parse("in-use", logDirectory: "/d") }
        #expect(throws: HostedGame.Failure.failed("Port 2222 is taken.")) {
            try HostedGame.parse("error Port 2222 is taken.", logDirectory: "/d")
        }
        #expect(throws: HostedGame.Failure.failed("The game server stopped before it listened; its log is in /d.")) {
            try HostedGame.parse(nil, logDirectory: "/d")
        }
        #expect(throws: HostedGame.Failure.failed("The game server said something unexpected: listening")) {
            try HostedGame.parse("listening", logDirectory: "/d")
        }
    }

    @Test("the status pane says who started the game and how it ends")
    func note() {
        #expect(LocalGame.startedNote(port: 7777, endWhenEmpty: 60)
                == "started the game on 7777 · it ends 60 s after the last player leaves")
        #expect(LocalGame.startedNote(port: 40000, endWhenEmpty: 2.5, warning: "7777 is used by another program")
                == "started the game on 40000 (7777 is used by another program) · it ends 2.5 s after the last player leaves")
        #expect(UnknownCommand.sentence(for: ["hosted-game", "--port", "0"]) == nil)
    }
}
