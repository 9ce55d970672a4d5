import Testing
@testable import GameUI

@Suite("InputDecoder")
struct InputDecoderTests {
    private func decode(_ text: String) -> [InputEvent] {
        var decoder = InputDecoder()
        return decoder.decode(Array(text.utf8))
    }

    private func mouse(_ action: MouseReport.Action, _ button: MouseReport.Button, _ column: Int, _ row: Int) -> InputEvent {
        .mouse(MouseReport(action: action, button: button, column: column, row: row))
    }

    @Test("SGR motion, press and release decode to 0-based screen cells")
    func sgr() {
        #expect(decode("\u{1B}[<35;12;6M") == [mouse(.motion, .none, 11, 5)])
        #expect(decode("\u{1B}[<0;12;6M") == [mouse(.press, .left, 11, 5)])
        #expect(decode("\u{1B}[<0;12;6m") == [mouse(.release, .left, 11, 5)])
        #expect(decode("\u{1B}[<2;1;1M") == [mouse(.press, .right, 0, 0)])
        #expect(decode("\u{1B}[<2;300;200m") == [mouse(.release, .right, 299, 199)])
        #expect(decode("\u{1B}[<32;5;5M") == [mouse(.motion, .left, 4, 4)])
        #expect(decode("\u{1B}[<34;5;5M") == [mouse(.motion, .right, 4, 4)])
        #expect(decode("\u{1B}[<64;5;5M") == [mouse(.other, .left, 4, 4)])
        // Modifiers do not change the button.
        #expect(decode("\u{1B}[<16;5;5M") == [mouse(.press, .left, 4, 4)])
    }

    @Test("legacy reports decode, with button 3 meaning release")
    func legacy() {
        func legacy(_ code: Int, _ column: Int, _ row: Int) -> String {
            String(decoding: [0x1B, UInt8(ascii: "["), UInt8(ascii: "M"), UInt8(code + 32), UInt8(column + 33), UInt8(row + 33)], as: UTF8.self)
        }
        var decoder = InputDecoder()
        let bytes: [UInt8] = [0x1B, 0x5B, 0x4D, 32 + 0, 33 + 11, 33 + 5,
                              0x1B, 0x5B, 0x4D, 32 + 3, 33 + 11, 33 + 5,
                              0x1B, 0x5B, 0x4D, 32 + 35, 33 + 200, 33 + 100]
        #expect(decoder.decode(bytes) == [
            mouse(.press, .left, 11, 5), mouse(.release, .none, 11, 5), mouse(.motion, .none, 200, 100),
        ])
        #expect(decode(legacy(2, 0, 0)) == [mouse(.press, .right, 0, 0)])
    }

    @Test("keys pass through and other sequences are skipped")
    func keys() {
        #expect(decode("q") == [.key(UInt8(ascii: "q"))])
        #expect(decode("a\u{1B}[Ab\u{1B}OPc\u{1B}[1;5Dd") == "abcd".utf8.map { .key($0) })
        // Alt+q (or ESC then q): the ESC is dropped, q stays a key.
        #expect(decode("\u{1B}q") == [.key(UInt8(ascii: "q"))])
        #expect(decode("?\u{1B}[<35;2;3Mm") == [.key(UInt8(ascii: "?")), mouse(.motion, .none, 1, 2), .key(UInt8(ascii: "m"))])
    }

    @Test("the editing keys decode in each form terminals send; with a modifier, they are skipped")
    func specialKeys() {
        #expect(decode("\u{1B}[D\u{1B}[C\u{1B}OD\u{1B}OC\u{1B}[1D") == [
            .special(.left), .special(.right), .special(.left), .special(.right), .special(.left),
        ])
        for home in ["\u{1B}[H", "\u{1B}OH", "\u{1B}[1~", "\u{1B}[7~", "\u{1B}[1H"] {
            #expect(decode(home) == [.special(.home)], "\(home.debugDescription)")
        }
        for end in ["\u{1B}[F", "\u{1B}OF", "\u{1B}[4~", "\u{1B}[8~", "\u{1B}[1F"] {
            #expect(decode(end) == [.special(.end)], "\(end.debugDescription)")
        }
        #expect(decode("\u{1B}[3~") == [.special(.delete)])
        #expect(decode("\u{1B}[1;5D\u{1B}[3;2~\u{1B}[2~\u{1B}[5~x") == [.key(UInt8(ascii: "x"))])
    }

    @Test("a sequence split across reads decodes once complete", arguments: Array(1..<11))
    func split(at cut: Int) {
        let bytes = Array("\u{1B}[<0;12;6Mq".utf8)
        var decoder = InputDecoder()
        let first = decoder.decode(bytes[..<cut])
        let second = decoder.decode(bytes[cut...])
        #expect(first + second == [mouse(.press, .left, 11, 5), .key(UInt8(ascii: "q"))])
        #expect(!decoder.hasPendingSequence)
    }

    @Test("malformed SGR reports are dropped without losing what follows")
    func malformed() {
        #expect(decode("\u{1B}[<0;0;6Mq") == [.key(UInt8(ascii: "q"))])
        #expect(decode("\u{1B}[<0;6Mq") == [.key(UInt8(ascii: "q"))])
        #expect(decode("\u{1B}[<0;;6Mq") == [.key(UInt8(ascii: "q"))])
        #expect(decode("\u{1B}[<99999999;1;1Mq") == [.key(UInt8(ascii: "q"))])
        // An endless parameter string is given up on, and the bytes after it still decode.
        var decoder = InputDecoder()
        let events = decoder.decode(Array(("\u{1B}[" + String(repeating: "1", count: 100)).utf8))
        #expect(events.count == 101)
        #expect(!decoder.hasPendingSequence)
        #expect(decoder.decode(Array("q".utf8)) == [.key(UInt8(ascii: "q"))])
    }
}
