#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The secret that lets a player's next connection take its session over
/// (LoginResult.resume_token, PlayerLogin.resume_token): 128 random bits from the
/// system's cryptographic generator, new for every login.
struct ResumeToken: Sendable {
    static let byteCount = 16

    let bytes: [UInt8]

    /// A fresh random token.
    static func random() -> ResumeToken {
        var generator = SystemRandomNumberGenerator()
        return ResumeToken(bytes: (0..<byteCount).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
    }

    var data: Data { Data(bytes) }

    /// Whether `presented` is this token, in time that does not depend on where they differ.
    func matches(_ presented: Data) -> Bool {
        guard presented.count == bytes.count else { return false }
        var difference: UInt8 = 0
        for (a, b) in zip(presented, bytes) { difference |= a ^ b }
        return difference == 0
    }
}
