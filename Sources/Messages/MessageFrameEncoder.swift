import Logging
import NIOCore

/// The SwiftNIO outbound side of the frame codec: ``WireMessage``s in, frames out.
///
/// Install it with ``MessageFrameEncoder/handler(logger:)``. NIO's `MessageToByteHandler`
/// would, after one message too long to frame, fail every later write on the channel;
/// ``FrameEncoderHandler`` fails (and logs) only that message's write.
public struct MessageFrameEncoder: MessageToByteEncoder {
    public typealias OutboundIn = WireMessage

    public init() {}

    /// A handler running this encoder that refuses an over-long message on its own,
    /// leaving the channel usable.
    public static func handler(logger: Logger = Logger(label: "mousy.frames")) -> FrameEncoderHandler {
        FrameEncoderHandler(logger: logger)
    }

    public func encode(data: WireMessage, out: inout ByteBuffer) throws {
        try Frame.encode(data, into: &out)
    }
}
