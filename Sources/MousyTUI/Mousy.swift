import ArgumentParser

#if canImport(Glibc)
import Glibc
#endif

/// `mousy`: the terminal multiplayer client and its dev server.
@main
struct Mousy: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mousy",
        abstract: "A terminal multiplayer mouse client and the dev server it plays on.",
        version: "0.1.0",
        subcommands: [PlayCommand.self, ServeCommand.self, WatchCommand.self, LoadCommand.self, HostedGameCommand.self],
        defaultSubcommand: PlayCommand.self
    )

    static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if let sentence = UnknownCommand.sentence(for: arguments) {
            let line = "Error: \(sentence)\n"
            _ = line.utf8CString.withUnsafeBufferPointer { write(STDERR_FILENO, $0.baseAddress, $0.count - 1) }
            Glibc.exit(64)  // EX_USAGE, as for any other usage error
        }
        await main(arguments)
    }
}
