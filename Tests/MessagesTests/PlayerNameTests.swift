import Messages
import Testing

@Suite("Player names")
struct PlayerNameTests {
    @Test("ordinary names are accepted", arguments: ["player1", "Zoë", "Hans Wurst", "ПРИВЕТ", "Ελένη", "山田さん", "田中Tanaka", "김철수", "🐭"])
    func accepted(name: String) {
        #expect(PlayerName.problem(with: name) == nil)
    }

    @Test("length in characters and in bytes")
    func length() {
        #expect(PlayerName.problem(with: "") == "username must be 1 to 32 characters")
        #expect(PlayerName.problem(with: String(repeating: "x", count: 33)) == "username must be 1 to 32 characters")
        #expect(PlayerName.problem(with: String(repeating: "x", count: 32)) == nil)
        // One character, 243 bytes: the name that did not fit its frames.
        let heavy = "a" + String(repeating: "\u{0301}", count: 121)
        #expect(heavy.count == 1)
        #expect(PlayerName.problem(with: heavy) == "username must be at most 64 bytes of UTF-8")
        #expect(PlayerName.problem(with: String(repeating: "🐭", count: 16)) == nil)
        #expect(PlayerName.problem(with: String(repeating: "🐭", count: 17)) != nil)
    }

    // A loop, not test arguments: the test log would show these names raw.
    @Test("controls, invisible characters and edge spaces are refused")
    func refused() {
        for name in ["a\u{1B}[2J", "a\nb", "bell\u{07}", "x\u{85}", "user\u{202E}gnp", "victim\u{3164}", "a\u{200B}b", " lead", "trail ", "tab\t"] {
            #expect(PlayerName.problem(with: name) != nil, "\(name.debugDescription)")
        }
    }

    @Test("mixed scripts are refused", arguments: ["v\u{456}ctim", "p\u{430}ypal", "\u{3B1}lpha", "Hello\u{5D0}"])
    func mixed(name: String) {
        #expect(PlayerName.problem(with: name) == "username must not mix scripts")
    }

    @Test("look-alikes share a skeleton",
          arguments: [
              "Victim", "VICTIM", "v\u{456}ctim", "victim\u{3164}", "\u{FF56}\u{FF49}\u{FF43}\u{FF54}\u{FF49}\u{FF4D}",
              "v\u{131}ctim", "vict\u{3B9}m", "victi\u{200B}m", "\u{1D42F}ictim",
          ])
    func lookAlikes(name: String) {
        #expect(PlayerName.lookAlike(name, "victim"))
    }

    @Test("whole-script look-alikes share a skeleton")
    func wholeScript() {
        // Cyrillic В О В, Greek Β Ο Β and Latin BOB draw the same.
        #expect(PlayerName.lookAlike("\u{412}\u{41E}\u{412}", "BOB"))
        #expect(PlayerName.lookAlike("\u{392}\u{39F}\u{392}", "bob"))
        #expect(PlayerName.lookAlike("\u{441}\u{43E}\u{440}\u{435}", "cope"))
        #expect(PlayerName.lookAlike("player1", "playerl"))
        #expect(PlayerName.lookAlike("modern", "modem"))
        // A precomposed letter equals its decomposed spelling.
        #expect(PlayerName.lookAlike("Zo\u{EB}", "zoe\u{308}"))
    }

    @Test("different names keep different skeletons")
    func distinct() {
        let names = ["player1", "player2", "alice", "bob", "Hans", "Zoë", "Zoe", "ПРИВЕТ", "山田", "victim", "vlctlm"]
        for (i, a) in names.enumerated() {
            for b in names[(i + 1)...] {
                #expect(!PlayerName.lookAlike(a, b), "\(a) \(b)")
            }
        }
    }
}
