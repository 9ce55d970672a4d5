#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The secret that lets a player's next connection take its session over
/// (LoginResult.resume_token, PlayerLogin.resume_token): 128 random bits from the
/// system's cryptographic generator, new for every login.
///
/// Kept as two words in place, not as bytes on the heap: the registry holds one per
/// player, and an array or `Data` would add an allocation to each.
struct ResumeToken: Sendable {
    static let byteCount = 16

    /// The token's first and last 8 bytes, big-endian (as sent).
    private let high: UInt64
    private let low: UInt64

    init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// The token of these 16 bytes; nil for any other length.
    init?(bytes: some Collection<UInt8>) {
        guard bytes.count == Self.byteCount else { return nil }
        var high: UInt64 = 0
        var low: UInt64 = 0
        for (index, byte) in bytes.enumerated() {
            if index < 8 {
                high = high << 8 | UInt64(byte)
            } else {
                low = low << 8 | UInt64(byte)
            }
        }
        self.init(high: high, low: low)
    }

    /// A fresh random token.
    static func random() -> ResumeToken {
        var generator = SystemRandomNumberGenerator()
        return ResumeToken(high: generator.next(), low: generator.next())
    }

    /// The 16 bytes, as LOGIN_RESULT carries them.
    var bytes: [UInt8] {
        (0..<Self.byteCount).map { index in
            UInt8(truncatingIfNeeded: (index < 8 ? high : low) >> (8 * (7 - index % 8)))
        }
    }

    var data: Data { Data(bytes) }

    /// Whether `presented` is this token, in time that does not depend on where they differ.
    func matches(_ presented: Data) -> Bool {
        guard let other = ResumeToken(bytes: presented) else { return false }
        return (other.high ^ high) | (other.low ^ low) == 0
    }
}
