import Messages
import Testing

/// A small seeded generator, so a failing case can be reproduced from its seed.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}

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

    static func randomMessage(_ rng: inout SplitMix64) -> WireMessage {
        func int32() -> Int32 {
            Bool.random(using: &rng) ? Int32.random(in: -5...300, using: &rng) : Int32.random(in: .min ... .max, using: &rng)
        }
        switch Int.random(in: 0..<6, using: &rng) {
        case 0:
            var m = PlayerLogin()
            m.username = randomString(&rng, maxScalars: 20)
            m.password = randomString(&rng, maxScalars: 20)
            return .playerLogin(m)
        case 1:
            var m = MouseMove()
            m.x = int32(); m.y = int32()
            m.leftClick = .random(using: &rng); m.rightClick = .random(using: &rng)
            return .mouseMove(m)
        case 2:
            var m = Ping()
            m.sentEpoch = .random(in: 0 ... .max, using: &rng)
            m.bounceEpoch = .random(in: 0 ... .max, using: &rng)
            m.receivedEpoch = .random(in: 0 ... .max, using: &rng)
            m.rttUs = .random(in: 0 ... .max, using: &rng)
            return .ping(m)
        case 3:
            var m = LoginResult()
            m.ok = .random(using: &rng)
            m.reason = randomString(&rng, maxScalars: 30)
            m.pingIntervalMs = .random(in: 0 ... .max, using: &rng)
            m.playersOnline = .random(in: 0 ... .max, using: &rng)
            return .loginResult(m)
        case 4:
            var m = PlayerCursor()
            m.username = randomString(&rng, maxScalars: 32)
            m.x = int32(); m.y = int32()
            m.leftClick = .random(using: &rng); m.rightClick = .random(using: &rng)
            return .playerCursor(m)
        default:
            var m = PlayerLogout()
            m.username = randomString(&rng, maxScalars: 32)
            m.reason = randomString(&rng, maxScalars: 20)
            return .playerLogout(m)
        }
    }

    @Test("10,000 random messages survive encode, split reads and decode", arguments: [1 as UInt64, 2, 3, 4])
    func roundTrip(seed: UInt64) throws {
        var rng = SplitMix64(state: seed)
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
        #expect(refused < sent.count / 10)
    }
}
