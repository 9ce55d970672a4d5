import Logging

#if canImport(Glibc)
import Glibc
#endif

/// Where `mousy play` writes its logs while curses owns the terminal:
/// `$XDG_CACHE_HOME/mousy/` (by default `~/.cache/mousy/`), or `$TMPDIR` (by default
/// `/tmp`) when that cannot be created. `server.log` is the embedded server's,
/// `client.log` the networking's.
enum LogFiles {
    static func directory() -> String {
        let environment = { (name: String) -> String? in
            guard let value = getenv(name) else { return nil }
            let text = String(cString: value)
            return text.isEmpty ? nil : text
        }
        var candidates: [String] = []
        if let cache = environment("XDG_CACHE_HOME") {
            candidates.append(cache + "/mousy")
        } else if let home = environment("HOME") {
            candidates.append(home + "/.cache/mousy")
        }
        candidates.append(environment("TMPDIR") ?? "/tmp")
        for candidate in candidates where makeDirectories(candidate) {
            return candidate
        }
        return "/tmp"
    }

    /// A logger writing to `name` in `directory`; one that drops everything when the
    /// file cannot be opened (the terminal must stay clean either way).
    static func logger(label: String, file name: String, in directory: String, level: Logger.Level = .info) -> (Logger, String?) {
        let path = directory + "/" + name
        guard let sink = FileLogHandler.Sink(path: path) else {
            return (Logger(label: label, factory: { _ in SwiftLogNoOpLogHandler() }), nil)
        }
        var logger = Logger(label: label, factory: { label in SanitizingLogHandler(FileLogHandler(label: label, sink: sink)) })
        logger.logLevel = level
        return (logger, path)
    }

    private static func makeDirectories(_ path: String) -> Bool {
        var current = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            current += "/" + component
            if mkdir(current, 0o700) != 0, errno != EEXIST { return false }
        }
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR && access(path, W_OK) == 0
    }
}
