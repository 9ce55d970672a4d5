import Foundation
import TestSupport

/// The `mousy` executable that `swift test` built next to this test bundle, run as a
/// child process with `MOUSY_PASSWORD` unset unless given.
enum MousyProcess {
    /// Starts `mousy ARGUMENTS`.
    static func start(_ arguments: [String], environment: [String: String] = [:]) throws -> ChildProcess {
        try ChildProcess.start(try mousyExecutable(), arguments, environment: Self.environment(environment))
    }

    /// Runs `mousy ARGUMENTS` to its end.
    static func run(_ arguments: [String], environment: [String: String] = [:]) async throws -> ChildProcess.Exit {
        try await start(arguments, environment: environment).waitForExit()
    }

    private static func environment(_ given: [String: String]) -> [String: String] {
        var variables = ProcessInfo.processInfo.environment
        variables["MOUSY_PASSWORD"] = nil
        variables.merge(given) { $1 }
        return variables
    }
}

/// The `mousy` executable built next to this test bundle (`swift test` builds it).
func mousyExecutable() throws -> String {
    let me = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    var directory = me.deletingLastPathComponent()
    // The test runner may sit inside a bundle directory (MousyPackageTests.xctest/...).
    for _ in 0..<4 {
        let candidate = directory.appendingPathComponent("mousy").path
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        directory = directory.deletingLastPathComponent()
    }
    throw ChildProcess.Failure(description: "cannot find the mousy executable next to \(me.path); build it with `swift build`.")
}
