import NIOCore

/// Closes the connection when the `IdleStateHandler` before it says nothing arrived for
/// the front's idle timeout (``WebLimits/idleTimeout``).
final class IdleCloser: ChannelInboundHandler {
    typealias InboundIn = NIOAny

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is IdleStateHandler.IdleStateEvent {
            context.close(promise: nil)
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }
}
