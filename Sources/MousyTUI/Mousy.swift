import ArgumentParser

/// `mousy`: the terminal multiplayer client and its dev server.
@main
struct Mousy: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mousy",
        abstract: "A terminal multiplayer mouse client and the dev server it plays on.",
        version: "0.1.0",
        subcommands: [PlayCommand.self],
        defaultSubcommand: PlayCommand.self
    )
}
