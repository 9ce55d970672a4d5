import Logging
import NIOCore
import NIOSSH

/// Sits after the `NIOSSHHandler` of a connection: closes it when it has not
/// authenticated (``authenticated()``) within the login timeout, and closes it on any error (a protocol
/// violation ends that one connection, never the server).
final class SSHLoginDeadlineHandler: ChannelInboundHandler {
    typealias InboundIn = Any

    private let timeout: TimeAmount
    private let logger: Logger
    private var deadline: Scheduled<Void>?

    init(timeout: TimeAmount, logger: Logger) {
        self.timeout = timeout
        self.logger = logger
    }

    func handlerAdded(context: ChannelHandlerContext) {
        let channel = context.channel
        let logger = self.logger
        let timeout = self.timeout
        deadline = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) {
            logger.info("ssh: not authenticated in time, closing", metadata: ["peer": "\(channel.remoteAddress.map { "\($0)" } ?? "?")"])
            channel.close(promise: nil)
        }
    }

    /// The connection has authenticated: no deadline any more. (NIOSSH's
    /// `UserAuthSuccessEvent` is a client's event; a server hears of success from its
    /// delegate.)
    func authenticated() {
        deadline?.cancel()
        deadline = nil
    }

    func channelInactive(context: ChannelHandlerContext) {
        deadline?.cancel()
        deadline = nil
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        logger.debug("ssh: connection error", metadata: ["error": "\(error)"])
        context.close(promise: nil)
    }
}
