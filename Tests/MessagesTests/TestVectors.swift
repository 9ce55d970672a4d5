import Foundation
import Messages

/// The protocol's test vectors (PROTOCOL.md, "Test vectors"): whole frames in hex.
enum TestVectors {
    static func login(_ username: String, _ password: String) -> WireMessage {
        var m = PlayerLogin()
        m.username = username
        m.password = password
        return .playerLogin(m)
    }

    static func move(_ x: Int32, _ y: Int32, left: Bool = false, right: Bool = false) -> WireMessage {
        var m = MouseMove()
        m.x = x
        m.y = y
        m.leftClick = left
        m.rightClick = right
        return .mouseMove(m)
    }

    static func ping(_ sent: UInt64, _ bounce: UInt64 = 0, _ received: UInt64 = 0, rttMicros: UInt32 = 0) -> WireMessage {
        var m = Ping()
        m.sentEpoch = sent
        m.bounceEpoch = bounce
        m.receivedEpoch = received
        m.rttUs = rttMicros
        return .ping(m)
    }

    static let all: [(name: String, message: WireMessage, hex: String)] = [
        ("PlayerLogin(player1, welcome)", login("player1", "welcome"), "12010a07706c6179657231120777656c636f6d65"),
        ("PlayerLogin(Hans, foobar)", login("Hans", "foobar"), "0e010a0448616e731206666f6f626172"),
        ("MouseMove(1, 1)", move(1, 1), "040208011001"),
        ("MouseMove(10, 5, left)", move(10, 5, left: true), "0602080a10051801"),
        ("MouseMove(79, 23, right)", move(79, 23, right: true), "0602084f10172001"),
        ("MouseMove(-1, 0)", move(-1, 0), "0b0208ffffffffffffffffff01"),
        ("MouseMove(0, 0)", move(0, 0), "0002"),
        ("Ping(sent)", ping(1_700_000_000_000_000), "0903088080f9c0c1c48203"),
        (
            "Ping(sent, bounce, received)",
            ping(1_700_000_000_000_000, 1_700_000_000_000_250, 1_700_000_000_000_500),
            "1b03088080f9c0c1c4820310fa81f9c0c1c4820318f483f9c0c1c48203"
        ),
        // Mousy's extensions, encoded independently with `protoc --encode` (PROTOCOL.md).
        ("Ping(sent, rtt_us 410)", ping(1_700_000_000_000_000, rttMicros: 410), "0c03088080f9c0c1c48203209a03"),
        (
            "PlayerLogin(player1, welcome, resume_token)",
            .playerLogin(.with { $0.username = "player1"; $0.password = "welcome"; $0.resumeToken = token }),
            "2401" + "0a07706c6179657231120777656c636f6d651a10000102030405060708090a0b0c0d0e0f"
        ),
        (
            "LoginResult(ok, welcome, 1000 ms, 3 online)",
            .loginResult(.with { $0.ok = true; $0.reason = "welcome"; $0.pingIntervalMs = 1000; $0.playersOnline = 3 }),
            "1004" + "0801120777656c636f6d6518e8072003"
        ),
        (
            "LoginResult(refused, name already playing)",
            .loginResult(.with { $0.reason = "name already playing" }),
            "1604" + "12146e616d6520616c726561647920706c6179696e67"
        ),
        (
            "LoginResult(ok, 800 x 600, resume_token)",
            .loginResult(.with {
                $0.ok = true; $0.pingIntervalMs = 1000; $0.playersOnline = 1
                $0.worldWidth = 800; $0.worldHeight = 600; $0.resumeToken = token
            }),
            "1f04" + "080118e807200128a00630d8043a10000102030405060708090a0b0c0d0e0f"
        ),
        (
            "PlayerCursor(player2, 12, -3, left)",
            .playerCursor(.with { $0.username = "player2"; $0.x = 12; $0.y = -3; $0.leftClick = true }),
            "1805" + "0a07706c6179657232100c18fdffffffffffffffff012001"
        ),
        (
            "PlayerLogout(player2, connection lost)",
            .playerLogout(.with { $0.username = "player2"; $0.reason = "connection lost" }),
            "1a06" + "0a07706c6179657232120f636f6e6e656374696f6e206c6f7374"
        ),
    ]

    /// A resume token for the vectors: the bytes 0 through 15.
    static let token = Data((0..<16).map { UInt8($0) })
}

extension Array where Element == UInt8 {
    init(hex: String) {
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            bytes.append(UInt8(hex[index..<next], radix: 16)!)
            index = next
        }
        self = bytes
    }

    var hex: String {
        let digits = Swift.Array<Character>("0123456789abcdef")
        return String(self.flatMap { byte -> [Character] in [digits[Int(byte >> 4)], digits[Int(byte & 0xf)]] })
    }
}
