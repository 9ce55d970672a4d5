import Logging
import NIOConcurrencyHelpers

/// A log handler that keeps every line, so tests can look for (or rule out) a line.
public struct RecordingLogHandler: LogHandler {
    /// The lines logged so far, each "LEVEL message".
    public final class Lines: Sendable {
        private let lines = NIOLockedValueBox<[String]>([])

        public func append(_ line: String) { lines.withLockedValue { $0.append(line) } }
        public var all: [String] { lines.withLockedValue { $0 } }
        public func contains(_ text: String) -> Bool { all.contains { $0.contains(text) } }
        public func count(containing text: String) -> Int { all.filter { $0.contains(text) }.count }
    }

    public let lines: Lines
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        lines.append("\(event.level) \(event.message)")
    }

    /// A logger at `level` writing into a fresh `Lines`.
    public static func logger(level: Logger.Level = .trace) -> (Logger, Lines) {
        let lines = Lines()
        var logger = Logger(label: "test") { _ in RecordingLogHandler(lines: lines, logLevel: level) }
        logger.logLevel = level
        return (logger, lines)
    }
}
