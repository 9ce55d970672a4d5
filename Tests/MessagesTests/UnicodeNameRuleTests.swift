import Messages
import Testing

/// The name rules that come from Unicode's own data (UTS #39, ICU): the look-alikes of
/// issue 25 that a hand-made table missed, and what it refused wrongly.
@Suite("Player names by UTS #39")
struct UnicodeNameRuleTests {
    /// Each look-alike is refused, or shares a key with the name it imitates. Written as
    /// escapes: the test log would show these names raw.
    static let lookAlikes: [(imitation: String, original: String)] = [
        ("victi\u{307}m", "victim"),  // i with a second dot above
        ("\u{1D20}\u{26A}\u{1D04}\u{1D1B}\u{26A}\u{1D0D}", "victim"),  // small capitals
        ("\u{13A2}\u{13AC}\u{13AA}\u{13B7}", "TEAM"),  // Cherokee
        ("\u{A4D4}\u{A4F0}\u{A4EE}\u{A4DF}", "TEAM"),  // Lisu
        ("\u{578}\u{585}\u{585}\u{578}", "noon"),  // Armenian
    ]

    @Test("every look-alike of the issue is refused or one player with its original")
    func issueLookAlikes() {
        for (imitation, original) in Self.lookAlikes {
            #expect(PlayerName.problem(with: original) == nil)
            let refused = PlayerName.problem(with: imitation) != nil
            #expect(refused || PlayerName.lookAlike(imitation, original), "\(imitation.unicodeScalars.map { String($0.value, radix: 16) })")
        }
    }

    @Test("the dotted i is refused, and is one player with victim all the same")
    func dottedI() {
        #expect(PlayerName.problem(with: "victi\u{307}m") == "username must not put a dot above i or j")
        #expect(PlayerName.lookAlike("victi\u{307}m", "victim"))
        // A dotless i with a dot above draws as i: not refused, but one player with victim.
        #expect(PlayerName.lookAlike("vict\u{131}\u{307}m", "victim"))
    }

    @Test("scripts outside the identifier profile are refused; Armenian collides")
    func profile() {
        let uncommon = "username must use letters in common use (Unicode's identifier profile)"
        #expect(PlayerName.problem(with: "\u{1D20}\u{26A}\u{1D04}\u{1D1B}\u{26A}\u{1D0D}") == uncommon)
        #expect(PlayerName.problem(with: "\u{13A2}\u{13AC}\u{13AA}\u{13B7}") == uncommon)
        #expect(PlayerName.problem(with: "\u{A4D4}\u{A4F0}\u{A4EE}\u{A4DF}") == uncommon)
        #expect(PlayerName.lookAlike("\u{13A2}\u{13AC}\u{13AA}\u{13B7}", "team"))
        #expect(PlayerName.problem(with: "\u{578}\u{585}\u{585}\u{578}") == nil)
        #expect(PlayerName.lookAlike("\u{578}\u{585}\u{585}\u{578}", "noon"))
        #expect(PlayerName.lookAlike("\u{578}\u{585}\u{585}\u{578}", "NOON"))
    }

    @Test("a ligature is one script: fish may play as \u{FB01}sh, and is one player with fish")
    func ligature() {
        #expect(PlayerName.problem(with: "\u{FB01}sh") == nil)
        #expect(PlayerName.lookAlike("\u{FB01}sh", "fish"))
    }

    @Test("a mark repeated on one letter and digits of two systems are refused")
    func marksAndDigits() {
        #expect(PlayerName.problem(with: "a\u{301}\u{301}b") == "username must not repeat a mark on one letter")
        #expect(PlayerName.problem(with: "player1\u{FF12}") == "username must not mix digits of different scripts")
    }

    @Test("invisible and default-ignorable characters are refused")
    func invisible() {
        for scalar in ["\u{200B}", "\u{200D}", "\u{FEFF}", "\u{2060}", "\u{AD}", "\u{3164}", "\u{E0041}", "\u{E007F}"] {
            #expect(PlayerName.problem(with: "vic\(scalar)tim") == "username must be printable characters", "\(scalar.unicodeScalars.first!.value)")
        }
    }

    @Test("Latin goes with Han and kana, not with Armenian, Hebrew or Cyrillic")
    func restrictionLevel() {
        #expect(PlayerName.problem(with: "田中Tanaka") == nil)
        #expect(PlayerName.problem(with: "nօօn") == "username must not mix scripts")
        #expect(PlayerName.problem(with: "Hello\u{5D0}") == "username must not mix scripts")
    }
}
