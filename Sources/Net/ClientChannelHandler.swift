import Messages
import NIOCore

/// The last handler of a client connection's pipeline: hands everything to the
/// ``ClientRunner``, tagged with the connection it belongs to.
final class ClientChannelHandler: ChannelInboundHandler {
    typealias InboundIn = WireMessage

    private let runner: ClientRunner
    private let connection: Int

    init(runner: ClientRunner, connection: Int) {
        self.runner = runner
        self.connection = connection
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        runner.received(Self.unwrapInboundIn(data), connection: connection)
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable { runner.becameWritable(connection: connection) }
        context.fireChannelWritabilityChanged()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is SilenceHandler.Silent {
            runner.fellSilent(connection: connection)
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        runner.failed(error, connection: connection)
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        runner.closed(connection: connection)
        context.fireChannelInactive()
    }
}
