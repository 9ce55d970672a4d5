import Logging
import NIOConcurrencyHelpers

/// A log handler that keeps every line, so tests can look for (or rule out) a line.
struct RecordingLogHandler: LogHandler {
    final class Lines: Sendable {
        private let lines = NIOLockedValueBox<[String]>([])

        func append(_ line: String) { lines.withLockedValue { $0.append(line) } }
        var all: [String] { lines.withLockedValue { $0 } }
        func contains(_ text: String) -> Bool { all.contains { $0.contains(text) } }
        func count(containing text: String) -> Int { all.filter { $0.contains(text) }.count }
    }

    let lines: Lines
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        lines.append("\(event.level) \(event.message)")
    }

    /// A logger at `level` writing into a fresh `Lines`.
    static func logger(level: Logger.Level = .trace) -> (Logger, Lines) {
        let lines = Lines()
        var logger = Logger(label: "test") { _ in RecordingLogHandler(lines: lines, logLevel: level) }
        logger.logLevel = level
        return (logger, lines)
    }
}
