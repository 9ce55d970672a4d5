import Messages
import TestSupport
import Testing

@Suite("Network text sanitiser")
struct NetworkTextTests {
    @Test("plain text passes unchanged")
    func plain() {
        #expect(NetworkText.sanitized("bad credentials") == "bad credentials")
        #expect(NetworkText.sanitized("Zoë 🐭 ПРИВЕТ") == "Zoë 🐭 ПРИВЕТ")
        #expect(NetworkText.sanitized("") == "")
    }

    @Test("C0 controls and DEL are escaped visibly")
    func controls() {
        #expect(NetworkText.sanitized("a\nb\tc\rd") == "a\\nb\\tc\\rd")
        #expect(NetworkText.sanitized("bell\u{07}back\u{08}nul\u{00}") == "bell\\007back\\010nul\\000")
        #expect(NetworkText.sanitized("del\u{7F}") == "del\\177")
        // A backslash stays, so that sanitising twice changes nothing.
        #expect(NetworkText.sanitized("a\\007") == "a\\007")
    }

    @Test("ESC ends the text: the escape sequence's payload is dropped")
    func escape() {
        let attack = "refused\u{1B}]0;PWNED\u{07}\u{1B}]52;c;SGVsbG8=\u{07}\u{1B}[2J"
        #expect(NetworkText.sanitized(attack) == "refused\\033")
    }

    @Test("C1 controls and bidi controls are escaped")
    func c1AndBidi() {
        #expect(NetworkText.sanitized("a\u{9B}2Jb\u{85}") == "a\\u{9b}2Jb\\u{85}")
        #expect(NetworkText.sanitized("user\u{202E}gnp.exe") == "user\\u{202e}gnp.exe")
        #expect(NetworkText.sanitized("\u{2066}x\u{2069}\u{200F}\u{2028}") == "\\u{2066}x\\u{2069}\\u{200f}\\u{2028}")
    }

    @Test("invisible and default-ignorable characters are escaped")
    func invisible() {
        #expect(NetworkText.sanitized("a\u{200B}b\u{200D}c\u{FEFF}d") == "a\\u{200b}b\\u{200d}c\\u{feff}d")
        #expect(NetworkText.sanitized("\u{2060}\u{AD}\u{3164}") == "\\u{2060}\\u{ad}\\u{3164}")
        // Tag characters spell hidden ASCII.
        #expect(NetworkText.sanitized("x\u{E0068}\u{E0069}\u{E007F}") == "x\\u{e0068}\\u{e0069}\\u{e007f}")
        #expect(NetworkText.isForbidden("\u{200B}"))
        #expect(!NetworkText.isForbidden("a"))
    }

    @Test("the cap cuts at a whole escape or character and marks the cut")
    func cap() {
        let long = String(repeating: "é", count: 300)
        let capped = NetworkText.sanitized(long, maximumBytes: 21)
        #expect(capped == String(repeating: "é", count: 9) + "…")
        #expect(NetworkText.sanitized(String(repeating: "x", count: 21), maximumBytes: 21).utf8.count == 21)
        #expect(NetworkText.sanitized(String(repeating: "x", count: 22), maximumBytes: 21) == String(repeating: "x", count: 18) + "…")
        // An escape is never cut in half.
        let escapes = NetworkText.sanitized(String(repeating: "\u{01}", count: 10), maximumBytes: 10)
        #expect(escapes == "\\001…")
        // One character with many combining marks is capped too.
        let zalgo = "a" + String(repeating: "\u{0301}", count: 500)
        #expect(NetworkText.sanitized(zalgo).utf8.count <= NetworkText.defaultMaximumBytes)
    }

    /// Whether `bytes` hold a control, ESC, BEL, a C1 control, a bidi control or a line or
    /// paragraph separator, looked for in the UTF-8 bytes themselves.
    static func forbiddenByte(in bytes: [UInt8]) -> Int? {
        for i in bytes.indices {
            let b = bytes[i]
            if b < 0x20 || b == 0x7F { return i }
            let next = i + 1 < bytes.count ? bytes[i + 1] : 0
            let third = i + 2 < bytes.count ? bytes[i + 2] : 0
            if b == 0xC2, (0x80...0x9F).contains(next) { return i }  // C1
            if b == 0xD8, next == 0x9C { return i }  // U+061C
            if b == 0xE2, next == 0x80, [0x8E, 0x8F, 0xA8, 0xA9, 0xAA, 0xAB, 0xAC, 0xAD, 0xAE].contains(third) { return i }
            if b == 0xE2, next == 0x81, (0xA6...0xA9).contains(third) { return i }
        }
        return nil
    }

    /// Scalar pools weighted towards what attacks use, with the whole range in the mix.
    static let pools: [(start: UInt32, count: UInt32)] = [
        (0x00, 0x20), (0x20, 0x60), (0x80, 0x20), (0xA0, 0x260), (0x300, 0x70), (0x2000, 0x70),
        (0x0600, 0x100), (0x1B, 1), (0x07, 1), (0x202A, 5), (0x2066, 4), (0xE000, 0x10_0000),
    ]

    /// A random string of up to 24 scalars, built straight as UTF-8 (fast in a debug build).
    static func hostileString(_ rng: inout SplitMix64, into bytes: inout [UInt8]) -> String {
        bytes.removeAll(keepingCapacity: true)
        var bits = rng.next()
        let length = Int(bits % 25)
        for _ in 0..<length {
            bits = rng.next()
            let pool = pools[Int(bits % UInt64(pools.count))]
            let value = pool.start + UInt32((bits >> 8) % UInt64(pool.count))
            switch value {
            case 0..<0x80:
                bytes.append(UInt8(value))
            case 0x80..<0x800:
                bytes.append(UInt8(0xC0 | (value >> 6)))
                bytes.append(UInt8(0x80 | (value & 0x3F)))
            case 0x800..<0x10000:
                bytes.append(UInt8(0xE0 | (value >> 12)))
                bytes.append(UInt8(0x80 | ((value >> 6) & 0x3F)))
                bytes.append(UInt8(0x80 | (value & 0x3F)))
            default:
                bytes.append(UInt8(0xF0 | (value >> 18)))
                bytes.append(UInt8(0x80 | ((value >> 12) & 0x3F)))
                bytes.append(UInt8(0x80 | ((value >> 6) & 0x3F)))
                bytes.append(UInt8(0x80 | (value & 0x3F)))
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test("fuzz: 1,000,000 random strings, no forbidden byte and never over the cap", .ownThreads)
    func fuzz() {
        var rng = SplitMix64(seed: 0x5EED_11)
        var escaped = 0
        var scratch: [UInt8] = []
        for round in 0..<1_000_000 {
            let input = Self.hostileString(&rng, into: &scratch)
            let cap = 4 + round % 60
            let output = NetworkText.sanitized(input, maximumBytes: cap)
            let bytes = Array(output.utf8)
            if let index = Self.forbiddenByte(in: bytes) {
                Issue.record("round \(round): forbidden byte at \(index) of \(output.debugDescription) from \(input.debugDescription)")
                return
            }
            if bytes.count > cap {
                Issue.record("round \(round): \(bytes.count) bytes over the cap \(cap)")
                return
            }
            if round % 8 == 0, NetworkText.sanitized(output, maximumBytes: cap) != output {
                Issue.record("round \(round): sanitising \(output.debugDescription) again changed it")
                return
            }
            if output != input { escaped += 1 }
        }
        #expect(escaped > 500_000)  // the generator does produce hostile input
    }
}
