import ArgumentParser

#if canImport(Glibc)
import Glibc
#endif

/// The port `mousy` uses when none is given: 7777, the original's, or `$MOUSY_PORT`
/// (so that tests, or two games on one machine, need not share 7777).
enum DefaultPort {
    static let standard = 7777

    /// `$MOUSY_PORT` when set, else 7777. Throws a usage error for a value that is not a port.
    static func value() throws -> Int {
        guard let raw = getenv("MOUSY_PORT").map({ String(cString: $0) }), !raw.isEmpty else {
            return standard
        }
        guard let port = Int(raw), (1...65_535).contains(port) else {
            throw ValidationError("MOUSY_PORT must be a port from 1 to 65535, not '\(raw)'.")
        }
        return port
    }
}
