import Messages
import NIOCore
import Testing

/// The first type byte the message table gives no message: what tests use as "unknown",
/// so adding a kind moves it instead of turning a test's hard-coded byte into a known one.
let firstUnknownType = UInt8(MType.framed.map(\.rawValue).max()! + 1)

@Suite("Message table")
struct MessageTableTests {
    @Test("each type's message declares that type", arguments: MType.allCases)
    func tableAgrees(type: MType) {
        guard let message = type.framedMessage else {
            #expect(type == .unknown)
            return
        }
        #expect(message.frameType == type)
    }

    @Test("a type byte is known exactly when the table gives it a message")
    func typeBytes() {
        for byte in 0...255 {
            let named = MType(rawValue: byte).flatMap(\.framedMessage) != nil
            #expect((Frame.messageType(UInt8(byte)) != nil) == named, "type byte \(byte)")
        }
        #expect(MType.framed.map(\.rawValue) == Array(1..<Int(firstUnknownType)), "types are numbered without gaps")
    }

    @Test("an empty payload of every kind decodes to that kind", arguments: MType.framed)
    func emptyPayload(type: MType) throws {
        var decoder = FrameDecoder()
        try decoder.feed([0, UInt8(type.rawValue)])
        let message = try #require(try decoder.next())
        #expect(message.type == type)
        #expect(try Frame.encode(message) == [0, UInt8(type.rawValue)])
    }

    @Test("every kind has a protocol test vector", arguments: MType.framed)
    func vectorPerKind(type: MType) {
        #expect(TestVectors.all.contains { $0.message.type == type }, "add a vector for \(type) to PROTOCOL.md, Test vectors")
    }

    @Test("PROTOCOL.md's vectors read as the messages they name")
    func vectorsRead() {
        let messages = TestVectors.all.map(\.message)
        #expect(messages.first == TestVectors.login("player1", "welcome"))
        #expect(messages.contains(TestVectors.move(10, 5, left: true)))
        #expect(messages.contains(TestVectors.ping(1_700_000_000_000_000, rttMicros: 410)))
        #expect(messages.contains(.playerLogin(.with {
            $0.username = "player1"; $0.password = "welcome"; $0.resumeToken = TestVectors.token
        })))
        #expect(TestVectors.all.count >= 16)
    }

    @Test("each type's name is the one in PROTOCOL.md's table of message types")
    func protoNames() throws {
        let text = try String(contentsOf: TestVectors.protocolDocument, encoding: .utf8)
        for type in MType.allCases {
            #expect(text.contains("| \(type.rawValue) | \(type.protoName) |"), "\(type)")
        }
        #expect(MType.UNRECOGNIZED(200).protoName == "UNKNOWN")
    }
}
