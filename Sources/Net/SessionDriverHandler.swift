import Messages
import NIOCore

/// The driver's handler in each connection's pipeline, after the decoder and before the
/// encoder: hands what happens to the ``SessionDriver``, tagged with its connection.
/// Writes through its own context skip the encoder (already encoded frames).
final class SessionDriverHandler: ChannelInboundHandler {
    typealias InboundIn = WireMessage
    typealias OutboundOut = ByteBuffer

    private let driver: SessionDriver
    private let connection: Int
    private var context: ChannelHandlerContext?

    init(driver: SessionDriver, connection: Int) {
        self.driver = driver
        self.connection = connection
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    /// Writes frames encoded already, past the encoder.
    func writeEncoded(_ buffer: ByteBuffer) {
        context?.write(wrapOutboundOut(buffer), promise: nil)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        driver.received(Self.unwrapInboundIn(data), connection: connection)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        driver.readComplete(connection: connection)
        context.fireChannelReadComplete()
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable { driver.becameWritable(connection: connection) }
        context.fireChannelWritabilityChanged()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is SilenceHandler.Silent {
            driver.fellSilent(connection: connection)
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        driver.failed(error, connection: connection)
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        driver.closed(connection: connection)
        context.fireChannelInactive()
    }
}
