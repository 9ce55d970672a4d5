import Logging
import Messages

/// Wraps a log handler so that no log line carries a terminal control, whatever a peer
/// put into a name or a reason: the message and every metadata value go through
/// ``NetworkText/sanitized(_:maximumBytes:)`` (one line each, capped) before the wrapped
/// handler writes them to a terminal or a file.
///
/// Every logger of mousy is made by ``logger(label:level:writingTo:)`` (serve's and
/// watch's on standard error, play's files, the hosted game's), so no log can be
/// written without it; ``FileLogHandler`` cleans its lines the same way on its own.
struct SanitizingLogHandler: LogHandler {
    /// The cap on a message or a metadata value, in bytes: far above any line of ours.
    static let maximumBytes = 2048

    private var wrapped: any LogHandler

    init(_ wrapped: any LogHandler) {
        self.wrapped = wrapped
    }

    var logLevel: Logger.Level {
        get { wrapped.logLevel }
        set { wrapped.logLevel = newValue }
    }

    var metadata: Logger.Metadata {
        get { wrapped.metadata }
        set { wrapped.metadata = newValue }
    }

    var metadataProvider: Logger.MetadataProvider? {
        get { wrapped.metadataProvider }
        set { wrapped.metadataProvider = newValue }
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { wrapped[metadataKey: key] }
        set { wrapped[metadataKey: key] = newValue }
    }

    /// A logger at `level` whose every line is sanitised before `output`'s handler (for
    /// the logger's label) writes it.
    static func logger(label: String, level: Logger.Level, writingTo output: @escaping @Sendable (String) -> any LogHandler) -> Logger {
        var logger = Logger(label: label) { label in SanitizingLogHandler(output(label)) }
        logger.logLevel = level
        return logger
    }

    func log(event: LogEvent) {
        wrapped.log(event: Self.clean(event))
    }

    /// `event` with its message and metadata values sanitised.
    static func clean(_ event: LogEvent) -> LogEvent {
        var clean = event
        clean.message = Logger.Message(stringLiteral: Self.clean(event.message.description))
        clean.metadata = event.metadata?.mapValues(Self.clean)
        return clean
    }

    static func clean(_ text: String) -> String {
        NetworkText.sanitized(text, maximumBytes: maximumBytes)
    }

    static func clean(_ value: Logger.Metadata.Value) -> Logger.Metadata.Value {
        switch value {
        case .string(let text): .string(clean(text))
        case .stringConvertible(let convertible): .string(clean(convertible.description))
        case .array(let values): .array(values.map(clean))
        case .dictionary(let values): .dictionary(values.mapValues(clean))
        }
    }
}
