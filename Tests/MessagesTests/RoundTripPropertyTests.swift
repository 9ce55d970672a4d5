import Foundation
import Messages
import SwiftProtobuf
import TestSupport
import Testing

@Suite("Round-trip property")
struct RoundTripPropertyTests {
    static func randomString(_ rng: inout SplitMix64, maxScalars: Int) -> String {
        let pools: [ClosedRange<UInt32>] = [0x20...0x7e, 0xa0...0x24f, 0x4e00...0x4fff, 0x1f600...0x1f64f]
        var s = String.UnicodeScalarView()
        for _ in 0..<Int.random(in: 0...maxScalars, using: &rng) {
            let pool = pools.randomElement(using: &rng)!
            s.append(Unicode.Scalar(UInt32.random(in: pool, using: &rng))!)
        }
        return String(s)
    }

    static func randomBytes(_ rng: inout SplitMix64, maxCount: Int) -> Data {
        Data((0..<Int.random(in: 0...maxCount, using: &rng)).map { _ in UInt8.random(in: 0 ... .max, using: &rng) })
    }

    /// A random message of `type`, or nil for a type that frames no message. Generic over
    /// the message table: a new kind is covered without a line here.
    static func randomMessage(of type: MType, _ rng: inout SplitMix64) -> WireMessage? {
        guard let message = type.framedMessage else { return nil }
        return randomMessage(message, fields: fieldKinds[type]!, &rng)
    }

    /// How a field of a flat message (scalars, strings, bytes) travels.
    enum FieldKind: Hashable { case varint, string, bytes, fixed32, fixed64 }

    /// Each kind's fields, found by decoding one field of each wire format at a time:
    /// a field the message knows is taken in (not kept as an unknown field).
    static let fieldKinds: [MType: [(number: UInt64, kind: FieldKind)]] = Dictionary(
        uniqueKeysWithValues: MType.framed.map { ($0, fields(of: $0.framedMessage!)) })

    static func fields<M: FramedMessage>(of type: M.Type) -> [(number: UInt64, kind: FieldKind)] {
        func known(_ bytes: [UInt8]) -> Bool? {
            guard let message = try? M(serializedBytes: bytes) else { return nil }  // invalid for a known field
            return message.unknownFields.data.isEmpty
        }
        var fields: [(number: UInt64, kind: FieldKind)] = []
        for number in UInt64(1)...32 {
            let tag = { (format: UInt64) in varint(number << 3 | format) }
            if known(tag(0) + [1]) == true {
                fields.append((number, .varint))
            } else if known(tag(2) + [1, 0x61]) == true {
                fields.append((number, known(tag(2) + [1, 0xff]) == nil ? .string : .bytes))
            } else if known(tag(5) + [1, 0, 0, 0]) == true {
                fields.append((number, .fixed32))
            } else if known(tag(1) + [1, 0, 0, 0, 0, 0, 0, 0]) == true {
                fields.append((number, .fixed64))
            }
        }
        precondition(!fields.isEmpty || M() == M(), "no fields found in \(M.protoMessageName)")
        return fields
    }

    static func varint(_ value: UInt64) -> [UInt8] {
        var value = value
        var bytes: [UInt8] = []
        while value >= 0x80 {
            bytes.append(UInt8(value & 0x7f) | 0x80)
            value >>= 7
        }
        return bytes + [UInt8(value)]
    }

    /// A message with each field set or not, at random: small and negative numbers as
    /// often as any, strings from several scripts, random bytes.
    static func randomMessage<M: FramedMessage>(
        _ type: M.Type, fields: [(number: UInt64, kind: FieldKind)], _ rng: inout SplitMix64
    ) -> WireMessage {
        var bytes: [UInt8] = []
        for (number, kind) in fields where Bool.random(using: &rng) || fields.count == 1 {
            switch kind {
            case .varint:
                let small = UInt64(bitPattern: Int64(Int32.random(in: -5...300, using: &rng)))
                bytes += varint(number << 3) + varint(Bool.random(using: &rng) ? small : .random(in: 0 ... .max, using: &rng))
            case .string:
                let text = Array(randomString(&rng, maxScalars: 20).utf8)
                bytes += varint(number << 3 | 2) + varint(UInt64(text.count)) + text
            case .bytes:
                let data = Array(randomBytes(&rng, maxCount: 32))
                bytes += varint(number << 3 | 2) + varint(UInt64(data.count)) + data
            case .fixed32:
                bytes += varint(number << 3 | 5) + (0..<4).map { _ in UInt8.random(in: 0 ... .max, using: &rng) }
            case .fixed64:
                bytes += varint(number << 3 | 1) + (0..<8).map { _ in UInt8.random(in: 0 ... .max, using: &rng) }
            }
        }
        return try! M(serializedBytes: bytes).wireMessage
    }

    /// A random message of a random kind: every type in `MType.allCases` that frames one.
    static func randomMessage(_ rng: inout SplitMix64) -> WireMessage {
        let type = MType.allCases.filter { $0.framedMessage != nil }.randomElement(using: &rng)!
        return randomMessage(of: type, &rng)!
    }

    @Test("every MType that frames a message has a generator, and it makes that type", arguments: MType.allCases)
    func generatorPerType(type: MType) {
        var rng = SplitMix64(seed: UInt64(type.rawValue))
        let message = Self.randomMessage(of: type, &rng)
        #expect((message == nil) == (type.framedMessage == nil), "\(type)")
        if let message { #expect(message.type == type) }
    }

    @Test("the generator finds each field of a message, with its wire format")
    func fieldsFound() {
        #expect(Self.fieldKinds[.playerLogin]!.map(\.kind) == [.string, .string, .bytes, .varint, .varint])
        #expect(Self.fieldKinds[.playerLogin]!.map(\.number) == [1, 2, 3, 4, 5])
        #expect(Self.fieldKinds[.pingEvent]!.map(\.number) == [1, 2, 3, 4, 5])
        #expect(Self.fieldKinds[.mouseEvent]!.map(\.kind) == [.varint, .varint, .varint, .varint])
        #expect(Self.fieldKinds[.loginResult]!.map(\.kind) == [.varint, .string, .varint, .varint, .varint, .varint, .bytes, .varint, .varint])
    }

    @Test("every kind round-trips through encode and decode", arguments: MType.allCases.filter { $0.framedMessage != nil })
    func roundTripPerType(type: MType) throws {
        var rng = SplitMix64(seed: 99 &+ UInt64(type.rawValue))
        for _ in 0..<200 {
            let message = try #require(Self.randomMessage(of: type, &rng))
            guard let frame = try? Frame.encode(message) else { continue }
            #expect(frame[1] == UInt8(type.rawValue))
            var decoder = FrameDecoder()
            try decoder.feed(frame)
            #expect(try decoder.next() == message)
        }
    }

    @Test("10,000 random messages survive encode, split reads and decode", arguments: [1 as UInt64, 2, 3, 4])
    func roundTrip(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        var sent: [WireMessage] = []
        var stream: [UInt8] = []
        var refused = 0
        for _ in 0..<2_500 {
            let message = Self.randomMessage(&rng)
            do {
                let frame = try Frame.encode(message)
                #expect(frame.count <= Frame.maximumFrameLength)
                #expect(Int(frame[0]) == frame.count - Frame.headerLength)
                sent.append(message)
                stream += frame
            } catch FrameError.payloadTooLarge(_, let size) {
                #expect(size > Frame.maximumPayloadLength)
                refused += 1
            }
        }
        var decoder = FrameDecoder()
        var received: [WireMessage] = []
        var offset = 0
        while offset < stream.count {
            let chunk = Int.random(in: 1...600, using: &rng)
            let end = min(stream.count, offset + chunk)
            try decoder.feed(stream[offset..<end])
            while let message = try decoder.next() { received.append(message) }
            offset = end
        }
        try decoder.finish()
        #expect(received == sent, "seed \(seed)")
        var kinds: Set<MType> = []
        for message in sent { kinds.insert(message.type) }
        let everyKind = Set(MType.framed)
        #expect(kinds == everyKind, "every kind was sent")
        #expect(refused < sent.count / 10)
    }
}
