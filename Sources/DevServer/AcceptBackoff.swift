import Logging
import NIOCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// On the listening channel: when accept fails (typically no file descriptors left),
/// stops accepting for a moment and logs why, so the server neither dies nor spins; the
/// connections wait in the backlog until descriptors are free again.
///
/// NIO's own `AcceptBackoffHandler` only delays the next read request, which leaves the
/// listening socket registered for readability when the very first accept of a wake-up
/// fails, so the loop would spin; switching `autoRead` off unregisters it.
final class AcceptBackoff: ChannelInboundHandler {
    typealias InboundIn = Channel

    /// How long to stop accepting after an accept error.
    static let pause: TimeAmount = .milliseconds(100)
    /// At most one log line per this interval; the rest are counted in the next.
    static let logInterval: TimeAmount = .seconds(1)

    private let logger: Logger
    private var paused = false
    private var lastLog: NIODeadline?
    private var unlogged = 0

    init(logger: Logger) {
        self.logger = logger
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        log(error)
        guard !paused, let options = context.channel.syncOptions else { return }
        paused = true
        try? options.setOption(.autoRead, value: false)
        context.eventLoop.assumeIsolated().scheduleTask(in: Self.pause) {
            self.paused = false
            try? context.channel.syncOptions?.setOption(.autoRead, value: true)
        }
    }

    private func log(_ error: Error) {
        let now = NIODeadline.now()
        if let lastLog, now - lastLog < Self.logInterval {
            unlogged += 1
            return
        }
        lastLog = now
        let what: String
        if let error = error as? IOError, error.errnoCode == EMFILE || error.errnoCode == ENFILE {
            what = "out of file descriptors"
        } else {
            what = "\(error)"
        }
        let more = unlogged > 0 ? " (and \(unlogged) more since the last report)" : ""
        unlogged = 0
        logger.error("Accept failed: \(what)\(more); pausing accepts for \(Self.pause.nanoseconds / 1_000_000) ms at a time")
    }
}
