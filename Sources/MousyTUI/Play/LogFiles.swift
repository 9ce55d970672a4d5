import Logging

#if canImport(Glibc)
import Glibc
#endif

/// Where `mousy play` writes its logs while curses owns the terminal:
/// `$XDG_CACHE_HOME/mousy/` (by default `~/.cache/mousy/`), or `$TMPDIR/mousy-UID/` (by
/// default under `/tmp`) when that cannot be created, or else a fresh
/// `$TMPDIR/mousy-UID-XXXXXX/`. Never a fixed name in a shared directory: the directory is
/// the user's own, mode 0700, and the files are opened without following symbolic links,
/// so nobody else can plant a link that makes `mousy` write elsewhere.
/// `server-PORT.log` is the hosted game's (one per port, so two games never
/// interleave), `client.log` the networking's.
enum LogFiles {
    /// A hosted game's log: one per port, so two games never interleave.
    static func serverLogName(port: Int) -> String {
        "server-\(port).log"
    }

    /// The directory, made if need be; `environment` reads a variable (tests pass their own).
    static func directory(environment: (String) -> String? = LogFiles.variable) -> String {
        var candidates: [String] = []
        if let cache = environment("XDG_CACHE_HOME") {
            candidates.append(cache + "/mousy")
        } else if let home = environment("HOME") {
            candidates.append(home + "/.cache/mousy")
        }
        let temporary = environment("TMPDIR") ?? "/tmp"
        candidates.append(temporary + "/mousy-\(geteuid())")
        for candidate in candidates where makeDirectories(candidate) && isPrivate(candidate) {
            return candidate
        }
        // Someone else holds mousy-UID (or it is not a directory): a fresh one of ours.
        var template = Array((temporary + "/mousy-\(geteuid())-XXXXXX").utf8CString)
        if let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) {
            return String(cString: made)
        }
        // Nothing can be created under a path inside /dev/null: logging is off.
        return "/dev/null/mousy"
    }

    /// The process's environment variable `name`, nil when unset or empty.
    static func variable(_ name: String) -> String? {
        guard let value = getenv(name) else { return nil }
        let text = String(cString: value)
        return text.isEmpty ? nil : text
    }

    /// True if `path` is a real directory (not a link), owned by this user, and no one
    /// else may enter it (mode 0700; an own directory that is more open is closed).
    static func isPrivate(_ path: String) -> Bool {
        var info = stat()
        guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR, info.st_uid == geteuid() else {
            return false
        }
        if info.st_mode & 0o077 != 0 {
            return chmod(path, 0o700) == 0
        }
        return true
    }

    /// A logger writing to `name` in `directory`; one that drops everything when the
    /// file cannot be opened (the terminal must stay clean either way).
    static func logger(label: String, file name: String, in directory: String, level: Logger.Level = .info) -> (Logger, String?) {
        let path = directory + "/" + name
        guard let sink = FileLogHandler.Sink(path: path) else {
            return (Logger(label: label, factory: { _ in SwiftLogNoOpLogHandler() }), nil)
        }
        let logger = SanitizingLogHandler.logger(label: label, level: level) { FileLogHandler(label: $0, sink: sink) }
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
