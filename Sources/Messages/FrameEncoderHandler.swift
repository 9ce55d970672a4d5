import Logging
import NIOCore

/// Encodes each outbound ``WireMessage`` as one frame. A message that does not fit a frame
/// fails its own write with ``FrameError/payloadTooLarge(type:size:)`` and is logged;
/// nothing of it is written, and later writes go on as usual.
public final class FrameEncoderHandler: ChannelOutboundHandler, RemovableChannelHandler {
    public typealias OutboundIn = WireMessage
    public typealias OutboundOut = ByteBuffer

    private let logger: Logger

    public init(logger: Logger) {
        self.logger = logger
    }

    public func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        var buffer = context.channel.allocator.buffer(capacity: Frame.maximumFrameLength)
        do {
            try Frame.encode(unwrapOutboundIn(data), into: &buffer)
        } catch {
            logger.error("message not sent", metadata: ["error": "\(error)"])
            promise?.fail(error)
            return
        }
        context.write(wrapOutboundOut(buffer), promise: promise)
    }
}
