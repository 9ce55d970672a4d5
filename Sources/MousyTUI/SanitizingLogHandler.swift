import Logging
import Messages

/// Wraps a log handler so that no log line carries a terminal control, whatever a peer
/// put into a name or a reason: the message and every metadata value go through
/// ``NetworkText/sanitized(_:maximumBytes:)`` (one line each, capped) before the wrapped
/// handler writes them to a terminal or a file.
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

    func log(event: LogEvent) {
        var clean = event
        clean.message = Logger.Message(stringLiteral: Self.clean(event.message.description))
        clean.metadata = event.metadata?.mapValues(Self.clean)
        wrapped.log(event: clean)
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
