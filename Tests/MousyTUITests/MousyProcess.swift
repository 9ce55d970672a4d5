import Foundation
import TestSupport

/// A `mousy` child process for tests: the executable `swift test` built next to this
/// test bundle, stdout and stderr on pipes, `MOUSY_PASSWORD` unset unless given.
struct MousyProcess {
    let process = Process()
    let stdout = Pipe()
    let stderr = Pipe()

    init(_ arguments: [String], environment: [String: String] = [:]) throws {
        process.executableURL = URL(fileURLWithPath: try mousyExecutable())
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["MOUSY_PASSWORD"] = nil
        env.merge(environment) { $1 }
        process.environment = env
        process.standardOutput = stdout
        process.standardError = stderr
    }

    func run() throws {
        Descriptors.closeOnExecSockets()  // the child must not hold other tests' sockets
        try process.run()
    }
}
