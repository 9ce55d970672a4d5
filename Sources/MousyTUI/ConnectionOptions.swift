import ArgumentParser
import Net

#if canImport(Glibc)
import Glibc
#endif

/// The connection options `play`, `watch` and `load` share: the server and the password
/// (with `MOUSY_PASSWORD`), declared and validated once.
struct ConnectionOptions: ParsableArguments {
    /// The password when neither `--password` nor `MOUSY_PASSWORD` gives one: the original's.
    static let defaultPassword = "welcome"
    /// The environment variable read when `--password` is not given.
    static let passwordVariable = "MOUSY_PASSWORD"

    @Option(help: ArgumentHelp(
        "The server, HOST[:PORT] (default port 7777). Without it, play joins the game on 127.0.0.1:7777 or hosts it there, and watch and load use 127.0.0.1:7777 (play and watch: port $MOUSY_PORT when set).",
        valueName: "host[:port]"
    ))
    var server: String?

    @Option(help: "The password to log in with (default: $MOUSY_PASSWORD, else welcome). Never logged.")
    var password: String?

    /// `--password`, else `MOUSY_PASSWORD`, else `welcome`.
    var resolvedPassword: String {
        password ?? Self.environmentPassword ?? Self.defaultPassword
    }

    static var environmentPassword: String? {
        getenv(passwordVariable).map { String(cString: $0) }
    }

    /// `--server` parsed (validated already), or nil when not given.
    var address: ServerAddress? {
        guard let server else { return nil }
        // validate() has parsed this text once: it cannot fail here.
        return try? ServerAddress(parsing: server)
    }

    /// `--server`, else `fallback` (watch and load: 127.0.0.1:7777).
    func address(orElse fallback: ServerAddress) -> ServerAddress {
        address ?? fallback
    }

    func validate() throws {
        if let server {
            do {
                _ = try ServerAddress(parsing: server)
            } catch {
                throw ValidationError(error.description)
            }
        }
        if resolvedPassword.utf8.count > 100 {
            throw ValidationError("The password must be at most 100 bytes.")
        }
    }

    /// The name rule `play` and `watch` share, checked before connecting.
    static func validate(user: String) throws {
        if let problem = UserName.problem(user) {
            throw ValidationError(problem)
        }
    }
}
