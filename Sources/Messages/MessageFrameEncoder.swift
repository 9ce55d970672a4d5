import NIOCore

/// The SwiftNIO outbound side of the frame codec: ``WireMessage``s in, frames out.
/// A message too long to frame fails its write with ``FrameError/payloadTooLarge(type:size:)``.
public struct MessageFrameEncoder: MessageToByteEncoder {
    public typealias OutboundIn = WireMessage

    public init() {}

    public func encode(data: WireMessage, out: inout ByteBuffer) throws {
        try Frame.encode(data, into: &out)
    }
}
