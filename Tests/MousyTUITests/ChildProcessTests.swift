import Foundation
import TestSupport
import Testing

/// The one way tests run a program: exit statuses, both outputs, signals, and a wait
/// that gives up killing the child and saying what it wrote.
@Suite("ChildProcess", .scaledTimeLimit(minutes: 2))
struct ChildProcessTests {
    @Test("the exit code and everything written to stdout and stderr, in full")
    func exitAndOutput() async throws {
        // More than a pipe holds (64 KiB): the child would block if nobody read.
        let run = try await ChildProcess.run("/bin/sh", ["-c", "head -c 200000 /dev/zero | tr '\\0' x; echo; echo oops >&2; exit 3"])
        #expect(run.status == 3)
        #expect(run.stdout.utf8.count == 200_001)
        #expect(run.stdout == String(repeating: "x", count: 200_000) + "\n", "not 200000 x and a newline")
        #expect(run.stderr == "oops\n")
    }

    @Test("the environment is the one given; stdin is empty")
    func environment() async throws {
        let run = try await ChildProcess.run("/bin/sh", ["-c", "echo \"$GREETING\"; cat"], environment: ["GREETING": "hello"])
        #expect(run.status == 0)
        #expect(run.stdout == "hello\n")
    }

    @Test("the first line comes while the child runs; a signal ends it as 128 + its number")
    func lineThenSignal() async throws {
        let child = try ChildProcess.start("/bin/sh", ["-c", "echo ready; exec sleep 1000"])
        #expect(try await child.firstLine() == "ready")
        child.send(SIGTERM)
        #expect(try await child.waitForExit().status == 128 + SIGTERM)
    }

    @Test("a child that does not exit within the bound is killed, and the wait throws with its output")
    func boundKills() async throws {
        // The child never exits by itself, so the bound is the only way this wait ends.
        let child = try ChildProcess.start("/bin/sh", ["-c", "echo started; echo busy >&2; exec sleep 1000"])
        #expect(try await child.firstLine() == "started")
        let error = await #expect(throws: ChildProcess.Failure.self) {
            try await child.waitForExit(within: .milliseconds(200))
        }
        #expect(error?.description.contains("did not exit within") == true)
        #expect(error?.description.contains("stdout: \"started\\n\"") == true)
        // Killed: reaped, so a signal now goes nowhere.
        #expect(kill(child.pid, 0) == -1)
    }

    @Test("a program that cannot be run is an error, not a hang")
    func missing() async throws {
        #expect(throws: ChildProcess.Failure.self) {
            _ = try ChildProcess.start("/nonexistent/program", [])
        }
    }
}
