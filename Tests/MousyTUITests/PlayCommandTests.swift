import ArgumentParser
import Net
import Testing
@testable import MousyTUI

@Suite("mousy play options")
struct PlayCommandTests {
    private func error(_ arguments: [String]) -> String? {
        do {
            _ = try PlayCommand.parse(arguments)
            return nil
        } catch {
            return PlayCommand.message(for: error)
        }
    }

    @Test("defaults: the game on this machine, an automatic name, the password from the environment")
    func defaults() throws {
        let command = try PlayCommand.parse([])
        #expect(command.connection.server == nil)
        #expect(command.port == nil)
        #expect(command.user == nil)
        #expect(command.connection.password == nil)
        #expect(ConnectionOptions.defaultPassword == "welcome")
    }

    @Test("plain mousy is mousy play")
    func defaultSubcommand() throws {
        let command = try Mousy.parseAsRoot(["--user", "player2", "--port", "0"])
        let play = try #require(command as? PlayCommand)
        #expect(play.user == "player2")
        #expect(play.port == 0)
    }

    @Test("bad options get one plain sentence")
    func badOptions() {
        #expect(error(["--server", "127.0.0.1:7777", "--port", "1"]) == "--port is the port of the game on this machine; leave it out with --server.")
        #expect(error(["--port", "70000"]) == "The value '70000' is invalid for '--port <port>': it must be a whole number from 0 to 65535.")
        #expect(error(["--port", "-1"]) == "The value '-1' is invalid for '--port <port>': it must be a whole number from 0 to 65535.")
        #expect(error(["--world", "0x10"]) == "The value '0x10' is invalid for '--world <WxH>': it must be WxH, each side a whole number from 1 to 1000000 (e.g. 800x600).")
        #expect(error(["--ssh-port", "-2"]) == "The value '-2' is invalid for '--ssh-port <ssh-port>': it must be a whole number from 0 to 65535.")
        #expect(error(["--user", ""]) == "--user is not a name a server accepts: it must be 1 to 32 characters.")
        #expect(error(["--user", String(repeating: "n", count: 33)]) == "--user is not a name a server accepts: it must be 1 to 32 characters.")
        #expect(error(["--user", String(repeating: "\u{65E5}", count: 22)]) == "--user is not a name a server accepts: it must be at most 64 bytes of UTF-8.")
        #expect(error(["--server", "localhost:http"])?.contains("is not a valid server address") == true)
        #expect(error(["--password", String(repeating: "p", count: 101)]) == "The value given for '--password' is invalid: it must be at most 100 bytes.")
    }

    @Test("play, watch and load share one set of connection options, validated the same way")
    func sharedConnectionOptions() throws {
        let arguments = ["--server", "[::1]:7000", "--password", "s3cret"]
        let play = try PlayCommand.parse(arguments)
        let watch = try WatchCommand.parse(arguments)
        let load = try LoadCommand.parse(arguments)
        for options in [play.connection, watch.connection, load.connection] {
            #expect(options.address == ServerAddress(host: "::1", port: 7000))
            #expect(options.resolvedPassword == "s3cret")
        }
        for command in [PlayCommand.self, WatchCommand.self, LoadCommand.self] as [any ParsableCommand.Type] {
            #expect(throws: (any Error).self) { _ = try command.parse(["--server", "localhost:http"]) }
        }
    }

    @Test("a failure to get in names the server once, as one sentence")
    func failureSentence() {
        let address = ServerAddress(host: "127.0.0.1", port: 1)
        #expect(PlayCommand.failure("could not connect to 127.0.0.1:1: the connection was refused.", address: address)
                == "Could not connect to 127.0.0.1:1: the connection was refused.")
        #expect(PlayCommand.failure("The server refused the login: server full.", address: address)
                == "Cannot play on 127.0.0.1:1: the server refused the login: server full.")
    }

    @Test("the mouse encoding follows the terminal's kmous")
    func mouseEncoding() {
        #expect(MouseEncoding(kmous: "\u{1B}[<") == .sgr)
        #expect(MouseEncoding(kmous: "\u{1B}[M") == .legacy)
        #expect(MouseEncoding(kmous: nil) == .legacy)
        #expect(MouseEncoding.sgr.enableSequence.contains("\u{1B}[?1003h"))
        #expect(MouseEncoding.sgr.enableSequence.contains("\u{1B}[?1006h"))
        #expect(!MouseEncoding.legacy.enableSequence.contains("1006"))
        #expect(MouseEncoding.disableSequence.contains("\u{1B}[?1003l") && MouseEncoding.disableSequence.contains("\u{1B}[?1006l"))
    }
}
