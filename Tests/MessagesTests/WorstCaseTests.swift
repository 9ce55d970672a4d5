import Messages
import Testing

/// The 255-byte limit, guarded for every kind by construction: each kind's worst case
/// comes from the message table (``FramedMessage/worstCase``), so a new kind is checked
/// without a line here, and a worst case that leaves a field out fails too.
@Suite("Worst cases")
struct WorstCaseTests {
    private static func worstCase<M: FramedMessage>(_ type: M.Type) -> WireMessage { M.worstCase.wireMessage }

    /// The field numbers set in a payload (a flat message: varint, length-delimited and
    /// fixed fields).
    static func fieldNumbers(in payload: [UInt8]) -> Set<UInt64> {
        var numbers: Set<UInt64> = []
        var index = 0
        func varint() -> UInt64 {
            var value: UInt64 = 0
            var shift: UInt64 = 0
            while index < payload.count {
                let byte = payload[index]
                index += 1
                value |= UInt64(byte & 0x7f) << shift
                if byte < 0x80 { break }
                shift += 7
            }
            return value
        }
        while index < payload.count {
            let tag = varint()
            numbers.insert(tag >> 3)
            switch tag & 7 {
            case 0: _ = varint()
            case 1: index += 8
            case 2: index += Int(varint())
            case 5: index += 4
            default: Issue.record("wire type \(tag & 7)")
                return numbers
            }
        }
        return numbers
    }

    @Test("every kind's worst case frames", arguments: MType.framed)
    func frames(type: MType) throws {
        let message = Self.worstCase(type.framedMessage!)
        #expect(message.type == type)
        let frame = try Frame.encode(message)
        #expect(frame.count <= Frame.maximumFrameLength, "\(type): \(frame.count) bytes")
    }

    @Test("every kind's worst case sets every field the message has", arguments: MType.framed)
    func complete(type: MType) throws {
        let payload = Array(try Frame.encode(Self.worstCase(type.framedMessage!)).dropFirst(Frame.headerLength))
        let fields = Set(RoundTripPropertyTests.fieldKinds[type]!.map(\.number))
        #expect(Self.fieldNumbers(in: payload) == fields, "\(type)")
    }

    @Test("the worst cases are worst: the longest name, the most negative coordinates")
    func worst() {
        #expect(WorstCase.name.utf8.count == PlayerName.maximumBytes)
        #expect(PlayerName.problem(with: WorstCase.name) == nil)
        #expect(PlayerCursor.worstCase.x == .min)
        #expect(Chat.worstCase.text.utf8.count == Chat.maximumTextBytes)
    }

    @Test("the bounds are tight: one byte more of logout reason or chat text does not fit")
    func tight() {
        var logout = PlayerLogout.worstCase
        logout.reason += "r"
        #expect(throws: FrameError.self) { try Frame.encode(.playerLogout(logout)) }
        var chat = Chat.worstCase
        chat.text += "xx"  // 186 + 2: a two-byte length either way
        #expect(throws: FrameError.self) { try Frame.encode(.chat(chat)) }
    }
}

import Foundation

extension WorstCaseTests {
    /// NIO's `MessageToByteHandler` fails every write after one that throws, so one
    /// oversized message would freeze a connection: the project's pipelines install
    /// `MessageFrameEncoder.handler()`, which fails only that write (FrameCodecTests).
    @Test("no pipeline in Sources encodes frames with NIO's MessageToByteHandler")
    func everyPipelineFailsOneWrite() throws {
        let sources = TestVectors.protocolDocument.deletingLastPathComponent().appendingPathComponent("Sources")
        let files = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)!
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" }
        #expect(files.count > 50)
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            #expect(!text.contains("MessageToByteHandler(MessageFrameEncoder"), "\(file.lastPathComponent)")
        }
    }
}
