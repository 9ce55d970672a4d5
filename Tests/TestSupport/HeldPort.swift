#if canImport(Glibc)
import Glibc
#endif

/// A loopback port held by a listener that never accepts or answers: "something that is
/// not a game server" for the tests of what `mousy` does when its port is taken. The port
/// comes from ``QuietPort``, so no other test is handed it. Closed by ``close()``.
public final class HeldPort {
    public let port: Int
    private var descriptor: Int32

    /// Binds 127.0.0.1 on a fresh ``QuietPort`` and listens; throws if either fails.
    public init() throws {
        port = QuietPort.next()
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw Failure(description: "socket() failed: errno \(errno)") }
        let bound = LoopbackAddress.with(port: port) { bind(descriptor, $0, $1) }
        guard bound == 0, listen(descriptor, 1) == 0 else {
            let failure = Failure(description: "could not hold 127.0.0.1:\(port): errno \(errno)")
            close()
            throw failure
        }
    }

    /// Stops listening; the port is free again.
    public func close() {
        guard descriptor >= 0 else { return }
        _ = Glibc.close(descriptor)
        descriptor = -1
    }

    deinit { close() }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }
}
