import Messages

/// The name rules (``PlayerName``, the server's own) as `--help` states them and as
/// `--user` is checked before connecting, so that a name the server would refuse never
/// gets as far as a login.
enum UserName {
    /// For `--help`.
    static let limits = "1 to \(PlayerName.maximumCharacters) characters and at most \(PlayerName.maximumBytes) bytes, printable, in one script, no space at either end"

    /// The sentence refusing `name`, or nil when a server would take it.
    static func problem(_ name: String) -> String? {
        guard var problem = PlayerName.problem(with: name) else { return nil }
        if problem.hasPrefix("username ") { problem = "it " + problem.dropFirst("username ".count) }
        return "--user is not a name a server accepts: \(problem)."
    }
}
