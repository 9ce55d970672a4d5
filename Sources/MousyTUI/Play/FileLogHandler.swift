import Logging
import NIOConcurrencyHelpers

#if canImport(Glibc)
import Glibc
#endif

/// A swift-log handler appending one line per message to a file, so that nothing is
/// written to the terminal while curses owns it. Its lines are sanitised as
/// ``SanitizingLogHandler``'s are (metadata set on the handler included), whoever made it.
struct FileLogHandler: LogHandler {
    /// The open file, shared by every copy of the handler; O_APPEND keeps lines whole.
    /// It may be opened after the handler is made (a server's log is named with the port
    /// it got); lines logged before that are dropped.
    final class Sink: Sendable {
        private let file = NIOLockedValueBox<(path: String, descriptor: Int32)?>(nil)

        /// A sink that drops everything until `open(path:)`.
        init() {}

        /// Opens (creating, mode 0600) `path` for appending; nil when that fails, also when
        /// `path` is a symbolic link (O_NOFOLLOW) or not a regular file.
        convenience init?(path: String) {
            self.init()
            guard open(path: path) else { return nil }
        }

        deinit {
            if let descriptor = file.withLockedValue({ $0?.descriptor }) { close(descriptor) }
        }

        /// The open file's path, if any.
        var path: String? { file.withLockedValue { $0?.path } }

        /// Opens `path` for appending, once; false when it cannot be opened.
        func open(path: String) -> Bool {
            file.withLockedValue { file in
                guard file == nil else { return false }
                let descriptor = Glibc.open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, 0o600)
                guard descriptor >= 0 else { return false }
                var info = stat()
                guard fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
                    close(descriptor)
                    return false
                }
                file = (path, descriptor)
                return true
            }
        }

        func write(_ line: String) {
            var bytes = Array(line.utf8)
            bytes.append(UInt8(ascii: "\n"))
            file.withLockedValue { file in
                guard let descriptor = file?.descriptor else { return }
                _ = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            }
        }
    }

    private let label: String
    private let sink: Sink
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?

    init(label: String, sink: Sink, logLevel: Logger.Level = .info) {
        self.label = label
        self.sink = sink
        self.logLevel = logLevel
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let extra = event.metadata { merged.merge(extra) { _, new in new } }
        var event = event
        event.metadata = merged
        event = SanitizingLogHandler.clean(event)
        merged = event.metadata ?? [:]
        var line = "\(Self.timestamp()) \(event.level) \(label): \(event.message)"
        if !merged.isEmpty {
            line += " " + merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        }
        sink.write(line)
    }

    /// UTC, ISO 8601 with milliseconds.
    private static func timestamp() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        var seconds = now.tv_sec
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func pad(_ value: Int32, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T"
            + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2)).\(pad(Int32(now.tv_nsec / 1_000_000), 3))Z"
    }
}
