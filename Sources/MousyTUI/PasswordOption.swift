import ArgumentParser

/// `--password`, the same for every subcommand: the game's password, else
/// `$MOUSY_PASSWORD`, else `welcome` (``PasswordSource``). Declared and checked once.
struct PasswordOption: ParsableArguments {
    @Option(help: "The game's password: players log in with it. Default: $MOUSY_PASSWORD, else welcome. Never logged.")
    var password: String?

    /// `--password`, else `MOUSY_PASSWORD`, else `welcome`.
    var resolved: String { PasswordSource.resolve(option: password).password }

    /// Where ``resolved`` comes from.
    var source: PasswordSource { PasswordSource.resolve(option: password).source }

    func validate() throws {
        if resolved.utf8.count > 100 {
            let from = source == .environment ? PasswordSource.variable : "--password"
            throw ValidationError("The value given for '\(from)' is invalid: it must be at most 100 bytes.")
        }
    }
}
