import Foundation
import Messages
import SwiftProtobuf

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

    /// PROTOCOL.md's test vectors, read from its "Test vectors" table: a new kind's vector
    /// is one row there, and the tests check it.
    static let all: [(name: String, message: WireMessage, hex: String)] = {
        let text = try! String(contentsOf: protocolDocument, encoding: .utf8)
        let section = text.components(separatedBy: "## Test vectors")[1].components(separatedBy: "\n## ")[0]
        let row = /^\| `([A-Z_]+) \{ ?(.*?) ?\}`( \*)? \| `([0-9a-f]+)` \|$/
        return section.split(separator: "\n").compactMap { line in
            guard let match = String(line).wholeMatch(of: row) else { return nil }
            let name = String(match.1)
            guard let type = MType.framed.first(where: { $0.protoName == name }) else {
                preconditionFailure("PROTOCOL.md test vector of an unknown type: \(line)")
            }
            do {
                return ("\(name) { \(match.2) }", try message(type.framedMessage!, text: String(match.2)), String(match.4))
            } catch {
                preconditionFailure("PROTOCOL.md test vector \(line): \(error)")
            }
        }
    }()

    /// PROTOCOL.md, at the root of the package.
    static let protocolDocument = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("PROTOCOL.md")

    private static func message<M: FramedMessage>(_ type: M.Type, text: String) throws -> WireMessage {
        try M(textFormatString: text).wireMessage
    }

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
