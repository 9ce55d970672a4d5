import Messages
import NIOCore

/// The last handler of an SSH session's connection to the game server (over loopback,
/// on the session's own event loop): hands the server's messages to the session.
final class SSHGameLink: ChannelInboundHandler {
    typealias InboundIn = WireMessage

    private let session: SSHPlaySession

    init(session: SSHPlaySession) {
        self.session = session
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        session.received(Self.unwrapInboundIn(data), on: context.channel)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        session.linkClosed()
        context.fireChannelInactive()
    }
}
