import NIOCore

/// Notices a silent server: when nothing has been read for the limit set with
/// ``watch(_:)``, fires ``Silent`` down the pipeline once.
///
/// Unlike NIO's `IdleStateHandler`, the limit can change on a live connection (the ping
/// interval is only known once the login is answered). One timer per limit, not per read.
public final class SilenceHandler: ChannelInboundHandler, RemovableChannelHandler {
    public typealias InboundIn = NIOAny

    /// The event fired when the server has been silent for the limit.
    public struct Silent: Hashable, Sendable {}

    private var limit: TimeAmount?
    private var lastRead = NIODeadline.now()
    private var check: Scheduled<Void>?
    private var context: ChannelHandlerContext?

    public init() {}

    /// Watches for silence of `limit` from now on (replacing any earlier limit). Call on
    /// the channel's event loop, after the handler was added.
    public func watch(_ limit: TimeAmount) {
        self.limit = limit
        schedule()
    }

    public func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        lastRead = .now()
    }

    public func handlerRemoved(context: ChannelHandlerContext) {
        stop()
        self.context = nil
    }

    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        context.fireChannelRead(data)
    }

    public func channelReadComplete(context: ChannelHandlerContext) {
        // Once per batch of reads: a clock read per frame would cost more than it tells.
        lastRead = .now()
        context.fireChannelReadComplete()
    }

    public func channelInactive(context: ChannelHandlerContext) {
        stop()
        context.fireChannelInactive()
    }

    private func stop() {
        check?.cancel()
        check = nil
        limit = nil
    }

    private func schedule() {
        check?.cancel()
        guard let limit, let context else { return }
        let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
        check = context.eventLoop.scheduleTask(deadline: lastRead + limit) {
            bound.value.due()
        }
    }

    private func due() {
        guard let limit, let context else { return }
        if NIODeadline.now() - lastRead >= limit {
            stop()
            context.fireUserInboundEventTriggered(Silent())
        } else {
            schedule()
        }
    }
}
