import ArgumentParser
import Net

#if canImport(Glibc)
import Glibc
#endif

/// The connection options `play`, `watch` and `load` share: the server and the password
/// (with `MOUSY_PASSWORD`), declared and validated once.
struct ConnectionOptions: ParsableArguments {
    /// The password when neither `--password` nor `MOUSY_PASSWORD` gives one: the original's.
    static let defaultPassword = PasswordSource.defaultPassword

    @Option(help: ArgumentHelp(
        "The game server, HOST[:PORT]. Default: 127.0.0.1. Default port: $MOUSY_PORT, else 7777.",
        valueName: "host[:port]"
    ))
    var server: String?

    @OptionGroup
    var passwordOption: PasswordOption

    /// `--password` as given.
    var password: String? { passwordOption.password }

    /// `--password`, else `MOUSY_PASSWORD`, else `welcome`.
    var resolvedPassword: String { passwordOption.resolved }

    /// Where ``resolvedPassword`` comes from.
    var passwordSource: PasswordSource { passwordOption.source }

    /// `--server` parsed (validated already), or nil when not given; a server given
    /// without a port is on the default port ($MOUSY_PORT, else 7777).
    var address: ServerAddress? {
        guard let server else { return nil }
        // validate() has parsed this text once: it cannot fail here.
        return try? ServerAddress(parsing: server, defaultPort: DefaultPort.value())
    }

    /// `--server`, else 127.0.0.1 on the default port ($MOUSY_PORT, else 7777).
    func addressOrLocal() throws -> ServerAddress {
        try address ?? ServerAddress(host: "127.0.0.1", port: DefaultPort.value())
    }

    func validate() throws {
        _ = try DefaultPort.value()
        if let server {
            do {
                _ = try ServerAddress(parsing: server)
            } catch {
                throw ValidationError("The value '\(server)' is invalid for '--server <host[:port]>': \(error.description)")
            }
        }
    }

    /// The name rule `play` and `watch` share, checked before connecting.
    static func validate(user: String) throws {
        if let problem = UserName.problem(user) {
            throw ValidationError(problem)
        }
    }
}
