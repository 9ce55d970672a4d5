import Logging
import NIOCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Sits on the listening channel behind an `AcceptBackoffHandler`: logs why accept
/// failed (typically no descriptors left) and swallows the error, so the server keeps
/// listening while the backoff handler pauses accepting.
final class AcceptErrorLogger: ChannelInboundHandler, Sendable {
    typealias InboundIn = Channel

    /// How long to stop accepting after an accept error.
    static let backoff: TimeAmount = .milliseconds(100)

    private let logger: Logger

    init(logger: Logger) {
        self.logger = logger
    }

    static func backoff(for error: IOError) -> TimeAmount? {
        backoff
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        if let error = error as? IOError, error.errnoCode == EMFILE || error.errnoCode == ENFILE {
            logger.error("Accept failed: out of file descriptors (\(error)); pausing accepts for \(Self.backoff.nanoseconds / 1_000_000) ms")
        } else {
            logger.error("Accept failed: \(error); pausing accepts for \(Self.backoff.nanoseconds / 1_000_000) ms")
        }
    }
}
