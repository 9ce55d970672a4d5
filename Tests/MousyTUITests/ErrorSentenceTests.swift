import DevServer
import Foundation
import Logging
import TestSupport
import Testing

/// Every error a new user meets is one plain sentence with its fix: the built
/// executable, as a user runs it.
// A hang (a child never seen to exit) fails the test by name instead of stalling the run.
@Suite("error sentences", .scaledTimeLimit(minutes: 2))
struct ErrorSentenceTests {
    @Test("mousy server: did you mean serve?")
    func unknownCommand() async throws {
        let run = try await MousyProcess.run(["server"])
        #expect(run.status == 64)
        #expect(run.stderr == "Error: 'server' is not a mousy command; did you mean 'serve'?\n")
    }

    @Test("a bad value names its option and the range, in one style, for every subcommand", arguments: [
        (["watch", "--count", "-1"], "Error: The value '-1' is invalid for '--count <count>': it must be a whole number from 1 to 1000000000."),
        (["load", "--rate", "-5"], "Error: The value '-5' is invalid for '--rate <rate>': it must be a number of frames per second from 0 to 10000."),
        (["load", "--clients", "many"], "Error: The value 'many' is invalid for '--clients <clients>': it must be a whole number from 1 to 50000."),
        (["load", "--duration", "10", "--ramp", "20"], "Error: The value '20' is invalid for '--ramp': it must be shorter than --duration (10 s)."),
        (["serve", "--world", "0x10"], "Error: The value '0x10' is invalid for '--world <WxH>': it must be WxH, each side a whole number from 1 to 1000000 (e.g. 800x600)."),
        (["play", "--world", "0x10"], "Error: The value '0x10' is invalid for '--world <WxH>': it must be WxH, each side a whole number from 1 to 1000000 (e.g. 800x600)."),
        (["serve", "--ssh-port", "0", "--ssh-login-grace-s", "0"], "Error: The value '0' is invalid for '--ssh-login-grace-s <ssh-login-grace-s>': it must be a number of seconds from 0.1 to 3600."),
        (["play", "--ssh-login-grace-s", "inf"], "Error: The value 'inf' is invalid for '--ssh-login-grace-s <ssh-login-grace-s>': it must be a number of seconds from 0.1 to 3600."),
        (["play", "--end-when-empty-s", "-1"], "Error: The value '-1' is invalid for '--end-when-empty-s <seconds>': it must be a number of seconds from 0.1 to 86400."),
        (["serve", "--resume-grace-s", "-1"], "Error: The value '-1' is invalid for '--resume-grace-s <resume-grace-s>': it must be a number of seconds from 0 (off) or 0.001 to 86400."),
        (["serve", "--login-failures-per-block", "0"], "Error: The value '0' is invalid for '--login-failures-per-block <login-failures-per-block>': it must be a whole number from 1 to 1000000."),
        (["serve", "--ipv4-block-bits", "33"], "Error: The value '33' is invalid for '--ipv4-block-bits <ipv4-block-bits>': it must be a whole number from 0 to 32."),
        (["load", "--clients", "2", "--drag", "3"], "Error: The value '3' is invalid for '--drag': it must be at most --clients (2)."),
        (["load", "--drag", "-1"], "Error: The value '-1' is invalid for '--drag <players>': it must be a whole number from 0 to 50000."),
        (["load", "--clients", "2", "--web", "3", "--web-port", "8080"], "Error: The value '3' is invalid for '--web': it must be at most --clients (2)."),
        (["load", "--web", "1"], "Error: Missing '--web-port': the --web players need the server's web front port (mousy serve --web-port)."),
        (["play", "--server", "127.0.0.1:1", "--web-port", "0"], "Error: --web-port serves a game this mousy starts to browsers; leave it out with --server."),
        (["serve", "--ipv6-block-bits", "abc"], "Error: The value 'abc' is invalid for '--ipv6-block-bits <ipv6-block-bits>': it must be a whole number from 0 to 128."),
    ])
    func badValues(arguments: [String], sentence: String) async throws {
        let run = try await MousyProcess.run(arguments)
        #expect(run.status == 64)
        #expect(run.sentence == sentence)
    }

    @Test("mousy serve --host with an address of no interface here names --host")
    func foreignHost() async throws {
        let run = try await MousyProcess.run(["serve", "--host", "10.1.2.3", "--port", "0"])
        #expect(run.status == 1)
        #expect(run.stderr == "Cannot listen on 10.1.2.3:0: Cannot assign requested address; give --host an address of this machine (e.g. 127.0.0.1, 0.0.0.0 or ::1).\n")
    }

    @Test("MOUSY_PORT means the same for serve and load as for play and watch")
    func mousyPortEverywhere() async throws {
        for command in ["serve", "load"] {
            let run = try await MousyProcess.run([command], environment: ["MOUSY_PORT": "seven"])
            #expect(run.status == 64)
            #expect(run.sentence == "Error: MOUSY_PORT must be a port from 1 to 65535, not 'seven'.")
        }
        let started = try await TestServer.start(logLevel: .critical)
        let load = try await MousyProcess.run(["load", "--clients", "2", "--duration", "1", "--idle"], environment: ["MOUSY_PORT": "\(started.port)"])
        await started.server.shutdown()
        #expect(load.status == 0, "\(load.stderr)")
        #expect(load.stdout.contains("127.0.0.1:\(started.port), 2 clients"))
        #expect(load.stdout.contains("logins           2 in, 0 refused"))
    }

    @Test("mousy load against a web server says it is not a game server, as watch does")
    func loadNotAGameServer() async throws {
        let web = try await HTMLServer.start()
        let run = try await MousyProcess.run(["load", "--server", "127.0.0.1:\(web.port)", "--clients", "3", "--duration", "2"])
        await web.close()
        #expect(run.status == 1)
        #expect(run.stderr.hasSuffix("127.0.0.1:\(web.port) is not a Mousy/Go-Shapes game server: it answered the login with something other than game frames.\n"), "\(run.stderr)")
    }

    @Test("mousy serve --host 0.0.0.0.1: the host in words, with the fix")
    func unresolvableHost() async throws {
        let run = try await MousyProcess.run(["serve", "--host", "0.0.0.0.1", "--port", "0"])
        #expect(run.status == 1)
        #expect(run.stderr == "Cannot listen on 0.0.0.0.1:0: '0.0.0.0.1' is not an IP address or a host name that resolves; give --host an address of this machine (e.g. 127.0.0.1, 0.0.0.0 or ::1).\n")
    }

    @Test("a name that is too long is refused before connecting, and --help states the limit")
    func nameLimits() async throws {
        let port = QuietPort.next()  // nothing listens: only a check before connecting can answer
        let run = try await MousyProcess.run(["watch", "--server", "127.0.0.1:\(port)", "--user", String(repeating: "n", count: 33)])
        #expect(run.status == 64)
        #expect(run.sentence == "Error: --user is not a name a server accepts: it must be 1 to 32 characters.")
        for command in ["play", "watch"] {
            let help = try await MousyProcess.run([command, "--help"])
            #expect(help.stdout.replacingOccurrences(of: "\n", with: " ").contains("1 to 32 characters"), "\(command): \(help.stdout)")
        }
    }

    @Test("a web server where a game server should be is recognised as such", arguments: [["--user", "someone"], []])
    func notAGameServer(user: [String]) async throws {
        let web = try await HTMLServer.start()
        let run = try await MousyProcess.run(["watch", "--server", "127.0.0.1:\(web.port)"] + user)
        await web.close()
        #expect(run.status == 1)
        #expect(run.stderr.hasSuffix("127.0.0.1:\(web.port) is not a Mousy/Go-Shapes game server: it answered the login with something other than game frames.\n"), "\(run.stderr)")
        #expect(!run.stderr.contains("unknown message type"))
    }

    @Test("a wrong password names --password and MOUSY_PASSWORD")
    func badCredentials() async throws {
        let started = try await TestServer.start(logLevel: .critical)
        let (server, port) = (started.server, started.port)
        let run = try await MousyProcess.run(["watch", "--server", "127.0.0.1:\(port)", "--password", "wrong"])
        let refused = await server.stats().loginsRefused
        await server.shutdown()
        #expect(run.status == 1)
        // The trial login that looks for a free name is the only try: the server counts
        // every failed login against the address.
        #expect(refused == 1)
        #expect(run.stderr == "The server refused the login: bad credentials; give the right password with --password or the MOUSY_PASSWORD variable.\n")
    }

    @Test("a MOUSY_PORT that is not a port is one sentence")
    func badDefaultPort() async throws {
        let run = try await MousyProcess.run(["watch"], environment: ["MOUSY_PORT": "seven"])
        #expect(run.status == 64)
        #expect(run.sentence == "Error: MOUSY_PORT must be a port from 1 to 65535, not 'seven'.")
    }
}

extension ChildProcess.Exit {
    /// The first line of stderr (argument errors add usage lines after it).
    fileprivate var sentence: Substring { stderr.split(separator: "\n").first ?? "" }
}
