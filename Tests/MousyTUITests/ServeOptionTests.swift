import Foundation
import TestSupport
import Testing

/// `mousy serve`'s numeric options and its first line, as a user meets them: the built
/// executable, its exit status and its output.
@Suite("mousy serve options", .scaledTimeLimit(minutes: 2))
struct ServeOptionTests {
    /// Runs `mousy serve ARGUMENTS` to its exit: the status, stdout and stderr.
    static func run(_ arguments: [String]) async throws -> ChildProcess.Exit {
        try await MousyProcess.run(["serve"] + arguments)
    }

    static let badValues: [([String], String)] = [
        (["--login-timeout-s", "inf"], "The value 'inf' is invalid for '--login-timeout-s <login-timeout-s>': it must be a number of seconds from 0.001 to 3600."),
        (["--login-timeout-s", "1e10"], "The value '1e10' is invalid for '--login-timeout-s <login-timeout-s>': it must be a number of seconds from 0.001 to 3600."),
        (["--login-timeout-s", "nan"], "The value 'nan' is invalid for '--login-timeout-s <login-timeout-s>': it must be a number of seconds from 0.001 to 3600."),
        (["--login-timeout-s", "0"], "The value '0' is invalid for '--login-timeout-s <login-timeout-s>': it must be a number of seconds from 0.001 to 3600."),
        (["--stats-interval-s", "1e300"], "The value '1e300' is invalid for '--stats-interval-s <stats-interval-s>': it must be a number of seconds from 0 (off) or 0.001 to 86400."),
        (["--stats-interval-s=-1"], "The value '-1' is invalid for '--stats-interval-s <stats-interval-s>': it must be a number of seconds from 0 (off) or 0.001 to 86400."),
        (["--ping-interval-ms", "9223372036854775807"], "The value '9223372036854775807' is invalid for '--ping-interval-ms <ping-interval-ms>': it must be a whole number from 1 to 3600000."),
        (["--ping-interval-ms", "9223372036854775808"], "The value '9223372036854775808' is invalid for '--ping-interval-ms <ping-interval-ms>': it must be a whole number from 1 to 3600000."),
        (["--port", "70000"], "The value '70000' is invalid for '--port <port>': it must be a whole number from 0 to 65535."),
        (["--max-players", "0"], "The value '0' is invalid for '--max-players <max-players>': it must be a whole number from 1 to 1000000."),
        (["--max-visible=-5"], "The value '-5' is invalid for '--max-visible <max-visible>': it must be a whole number from 1 to 100000."),
        (["--login-failures=-1"], "The value '-1' is invalid for '--login-failures <login-failures>': it must be a whole number from 0 to 1000000."),
        (["--login-failure-window-s=-inf"], "The value '-inf' is invalid for '--login-failure-window-s <login-failure-window-s>': it must be a number of seconds from 0.001 to 86400."),
        (["--login-penalty-s", "1e20"], "The value '1e20' is invalid for '--login-penalty-s <login-penalty-s>': it must be a number of seconds from 0.001 to 86400."),
        (["--login-penalty-s", "10", "--login-penalty-max-s", "5"], "The value '5' is invalid for '--login-penalty-max-s': it must be a number of seconds from 10 to 86400 (at least --login-penalty-s)."),
        (["--max-pending-per-address=-1"], "The value '-1' is invalid for '--max-pending-per-address <max-pending-per-address>': it must be a whole number from 0 to 1000000."),
        (["--metrics-port", "-3"], "The value '-3' is invalid for '--metrics-port <metrics-port>': it must be a whole number from 0 to 65535."),
    ]

    @Test("a non-finite or out-of-range number is a usage error (64) with one sentence, never a crash")
    func badNumbers() async throws {
        // One process at a time: each is a whole executable start on a shared machine.
        for (arguments, sentence) in Self.badValues {
            let run = try await Self.run(["--port", "0"] + arguments)
            #expect(run.status == 64, "\(arguments): status \(run.status), stderr \(run.stderr)")
            #expect(run.stdout.isEmpty, "\(arguments)")
            let firstLine = run.stderr.split(separator: "\n").first.map(String.init)
            #expect(firstLine == "Error: " + sentence, "\(arguments)")
        }
    }

    @Test("--host ::1 prints the address in brackets, ready for --server")
    func ipv6() async throws {
        let mousy = try MousyProcess.start(["serve", "--host", "::1", "--port", "0"])
        let line = try await mousy.firstLine()
        mousy.send(SIGTERM)
        let exit = try await mousy.waitForExit()
        #expect(line?.wholeMatch(of: /Server up on \[::1\]:\d+/) != nil, "\(line.debugDescription); stderr: \(exit.stderr)")
        #expect(exit.status == 0)
    }
}
