import ArgumentParser

/// `mousy`: the terminal multiplayer client and its dev server.
@main
struct Mousy: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mousy",
        abstract: "A terminal multiplayer mouse client and the dev server it plays on.",
        version: "0.1.0",
        subcommands: [PlayCommand.self, ServeCommand.self, WatchCommand.self, LoadCommand.self],
        defaultSubcommand: PlayCommand.self
    )
}
