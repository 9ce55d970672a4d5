#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore

/// The web front could not listen: one plain sentence, with the option that fixes it.
struct WebError: Error, CustomStringConvertible {
    let host: String
    let port: Int
    let underlying: any Error

    var description: String {
        if let error = underlying as? IOError, error.errnoCode == EADDRINUSE {
            return "The web port \(port) on \(host) is already in use; choose another with --web-port (0 picks a free one)."
        }
        return "Cannot serve the web page on \(host):\(port): \(underlying)."
    }
}
