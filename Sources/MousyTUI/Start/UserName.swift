/// The name rules as `--help` states them and as `--user` is checked before connecting,
/// so that a name the server would refuse never gets as far as a login.
enum UserName {
    /// For `--help`.
    static let limits = "1 to 32 characters, printable, no space at either end"

    /// The sentence refusing `name`, or nil when a server would take it.
    static func problem(_ name: String) -> String? {
        guard let problem = rule(name) else { return nil }
        return "--user is not a name a server accepts: \(problem)."
    }

    private static func rule(_ name: String) -> String? {
        guard (1...32).contains(name.count) else { return "it must be 1 to 32 characters" }
        guard name.unicodeScalars.allSatisfy(isPrintable) else { return "it must be printable characters" }
        if name.first == " " || name.last == " " { return "it must not start or end with a space" }
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
}
