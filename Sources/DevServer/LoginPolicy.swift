import Messages

/// The checks on a PLAYER_LOGIN.
enum LoginPolicy {
    /// Why `username` is not acceptable, or nil if it is (the rules of ``PlayerName``).
    static func problem(withUsername username: String) -> String? {
        PlayerName.problem(with: username)
    }

    /// Compares two passwords in time that depends only on their lengths, not on where
    /// they first differ.
    static func passwordsMatch(_ given: String, _ expected: String) -> Bool {
        let a = Array(given.utf8)
        let b = Array(expected.utf8)
        var difference = UInt8(truncatingIfNeeded: a.count ^ b.count) | (a.count == b.count ? 0 : 1)
        let length = max(a.count, b.count)
        for i in 0..<length {
            let x = i < a.count ? a[i] : 0
            let y = i < b.count ? b[i] : 0
            difference |= x ^ y
        }
        return difference == 0
    }
}
