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
        (["--login-timeout-s", "inf"], "--login-timeout-s must be a number of seconds from 0.001 to 3600, not inf."),
        (["--login-timeout-s", "1e10"], "--login-timeout-s must be a number of seconds from 0.001 to 3600, not 10000000000."),
        (["--login-timeout-s", "nan"], "--login-timeout-s must be a number of seconds from 0.001 to 3600, not nan."),
        (["--login-timeout-s", "0"], "--login-timeout-s must be a number of seconds from 0.001 to 3600, not 0."),
        (["--stats-interval-s", "1e300"], "--stats-interval-s must be a number of seconds from 0 (off) or 0.001 to 86400, not 1e+300."),
        (["--stats-interval-s=-1"], "--stats-interval-s must be a number of seconds from 0 (off) or 0.001 to 86400, not -1."),
        (["--ping-interval-ms", "9223372036854775807"], "--ping-interval-ms must be from 1 to 3600000, not 9223372036854775807."),
        (["--port", "70000"], "--port must be from 0 to 65535, not 70000."),
        (["--max-players", "0"], "--max-players must be from 1 to 1000000, not 0."),
        (["--max-visible=-5"], "--max-visible must be from 1 to 100000, not -5."),
        (["--login-failures=-1"], "--login-failures must be from 0 to 1000000, not -1."),
        (["--login-failure-window-s=-inf"], "--login-failure-window-s must be a number of seconds from 0.001 to 86400, not -inf."),
        (["--login-penalty-s", "1e20"], "--login-penalty-s must be a number of seconds from 0.001 to 86400, not 1e+20."),
        (["--login-penalty-s", "10", "--login-penalty-max-s", "5"], "--login-penalty-max-s must be a number of seconds from 10 to 86400, not 5."),
        (["--max-pending-per-address=-1"], "--max-pending-per-address must be from 0 to 1000000, not -1."),
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
