#if canImport(Glibc)
import Glibc
#endif

/// Where the game's password comes from, the same for every subcommand: `--password`,
/// else `$MOUSY_PASSWORD`, else the original's `welcome`. Lets a join line say what to
/// type without printing a password that is not the well-known default.
enum PasswordSource: String, Equatable, Sendable {
    case option
    case environment
    /// Neither: the well-known default.
    case builtIn

    /// The password when neither `--password` nor `MOUSY_PASSWORD` gives one: the original's.
    static let defaultPassword = "welcome"
    /// The environment variable read when `--password` is not given.
    static let variable = "MOUSY_PASSWORD"

    /// The password and where it came from, given `--password`'s value.
    static func resolve(option: String?) -> (password: String, source: PasswordSource) {
        if let option { return (option, .option) }
        if let raw = getenv(variable) { return (String(cString: raw), .environment) }
        return (defaultPassword, .builtIn)
    }

    /// What to type at the password prompt, said without the password unless it is the default.
    var hint: String {
        switch self {
        case .option: "the one given with --password"
        case .environment: "the one in $\(Self.variable)"
        case .builtIn: Self.defaultPassword
        }
    }
}
