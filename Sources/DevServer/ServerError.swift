/// Why the server could not start (or is not running). Each description is one plain sentence.
public enum ServerError: Error, Sendable, Hashable {
    /// Another process (or server) already listens there.
    case addressInUse(host: String, port: Int)
    /// Another process already listens on the metrics port (``ServerConfiguration/metricsPort``).
    case metricsAddressInUse(host: String, port: Int)
    /// Binding failed for another reason (bad host, no permission, ...).
    case cannotListen(host: String, port: Int, reason: String)
    /// A configuration value is out of range.
    case invalidConfiguration(String)
    /// `start()` was called on a server that is not idle.
    case notIdle
    /// The server has stopped (or is stopping) and is not listening.
    case notRunning
}

extension ServerError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .addressInUse(let host, let port):
            "Port \(port) on \(host) is already in use."
        case .metricsAddressInUse(let host, let port):
            "The metrics port \(port) on \(host) is already in use."
        case .cannotListen(let host, let port, let reason):
            "Cannot listen on \(host):\(port): \(reason)."
        case .invalidConfiguration(let what):
            "Invalid server configuration: \(what)."
        case .notIdle:
            "The server has already been started."
        case .notRunning:
            "The server is not running."
        }
    }
}
