/// The checks on a PLAYER_LOGIN.
enum LoginPolicy {
    static let maximumUsernameLength = 32

    /// Why `username` is not acceptable, or nil if it is: 1 to 32 printable characters,
    /// not starting or ending with a space.
    static func problem(withUsername username: String) -> String? {
        let count = username.count
        guard count >= 1, count <= maximumUsernameLength else {
            return "username must be 1 to \(maximumUsernameLength) characters"
        }
        guard username.unicodeScalars.allSatisfy(isPrintable) else {
            return "username must be printable characters"
        }
        if username.first == " " || username.last == " " {
            return "username must not start or end with a space"
        }
        return nil
    }

    private static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned, .lineSeparator, .paragraphSeparator:
            false
        case .spaceSeparator:
            scalar == " "
        default:
            true
        }
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
