import Logging
import NIOCore
import NIOSSH

/// Sits after the `NIOSSHHandler` of a connection: closes it when it has not
/// authenticated (``authenticated()``) within the SSH login grace time (OpenSSH's
/// LoginGraceTime, 120 s by default: a person reads the host-key prompt and types a
/// password), and closes it on any error (a protocol violation ends that one connection,
/// never the server).
final class SSHLoginDeadlineHandler: ChannelInboundHandler {
    typealias InboundIn = Any

    private let grace: TimeAmount
    private let log: SSHPreAuthLog
    private let logger: Logger
    private var deadline: Scheduled<Void>?

    init(grace: TimeAmount, log: SSHPreAuthLog, logger: Logger) {
        self.grace = grace
        self.log = log
        self.logger = logger
    }

    func handlerAdded(context: ChannelHandlerContext) {
        let channel = context.channel
        // Read now: once the channel has closed it has no remote address to name.
        let peer = channel.remoteAddress
        let (log, grace, loop) = (self.log, self.grace, context.eventLoop)
        let ms = grace.nanoseconds / 1_000_000
        let within = "within " + (ms % 1000 == 0 ? "\(ms / 1000) s" : "\(ms) ms")
        let deadline = loop.assumeIsolated().scheduleTask(in: grace) {
            guard channel.isActive else { return }
            log.log("not authenticated in time", subject: "closing a connection", peer: peer,
                    detail: within, on: loop)
            channel.close(promise: nil)
        }
        self.deadline = deadline
        // NIOSSHHandler does not pass channelInactive on, so the close itself ends the deadline.
        channel.closeFuture.assumeIsolated().whenComplete { _ in deadline.cancel() }
    }

    /// The connection has authenticated: no deadline any more. (NIOSSH's
    /// `UserAuthSuccessEvent` is a client's event; a server hears of success from its
    /// delegate.)
    func authenticated() {
        deadline?.cancel()
        deadline = nil
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        logger.debug("ssh: connection error", metadata: ["error": "\(error)"])
        context.close(promise: nil)
    }
}
