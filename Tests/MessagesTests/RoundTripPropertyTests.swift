import Foundation
import Messages
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

    /// A random message of `type`, or nil for a type that frames no message. The switch has
    /// no `default:`: a new type in the proto does not compile here until it has a generator.
    static func randomMessage(of type: MType, _ rng: inout SplitMix64) -> WireMessage? {
        func int32() -> Int32 {
            Bool.random(using: &rng) ? Int32.random(in: -5...300, using: &rng) : Int32.random(in: .min ... .max, using: &rng)
        }
        switch type {
        case .playerLogin:
            var m = PlayerLogin()
            m.username = randomString(&rng, maxScalars: 20)
            m.password = randomString(&rng, maxScalars: 20)
            m.resumeToken = randomBytes(&rng, maxCount: 32)
            return .playerLogin(m)
        case .mouseEvent:
            var m = MouseMove()
            m.x = int32(); m.y = int32()
            m.leftClick = .random(using: &rng); m.rightClick = .random(using: &rng)
            return .mouseMove(m)
        case .pingEvent:
            var m = Ping()
            m.sentEpoch = .random(in: 0 ... .max, using: &rng)
            m.bounceEpoch = .random(in: 0 ... .max, using: &rng)
            m.receivedEpoch = .random(in: 0 ... .max, using: &rng)
            m.rttUs = .random(in: 0 ... .max, using: &rng)
            return .ping(m)
        case .loginResult:
            var m = LoginResult()
            m.ok = .random(using: &rng)
            m.reason = randomString(&rng, maxScalars: 30)
            m.pingIntervalMs = .random(in: 0 ... .max, using: &rng)
            m.playersOnline = .random(in: 0 ... .max, using: &rng)
            m.worldWidth = .random(in: 0 ... .max, using: &rng)
            m.worldHeight = .random(in: 0 ... .max, using: &rng)
            m.resumeToken = randomBytes(&rng, maxCount: 32)
            return .loginResult(m)
        case .playerCursor:
            var m = PlayerCursor()
            m.username = randomString(&rng, maxScalars: 32)
            m.x = int32(); m.y = int32()
            m.leftClick = .random(using: &rng); m.rightClick = .random(using: &rng)
            return .playerCursor(m)
        case .playerLogout:
            var m = PlayerLogout()
            m.username = randomString(&rng, maxScalars: 32)
            m.reason = randomString(&rng, maxScalars: 20)
            return .playerLogout(m)
        case .unknown, .UNRECOGNIZED:
            return nil
        }
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
