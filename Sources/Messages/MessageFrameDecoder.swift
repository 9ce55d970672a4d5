import NIOCore

/// The SwiftNIO inbound side of the frame codec: bytes in, ``WireMessage``s out.
///
/// Install it with ``MessageFrameDecoder/handler(maximumBufferedBytes:)`` so the bytes it
/// may hold are capped. A decoding error is fired down the pipeline as a ``FrameError``;
/// the channel's owner closes that one connection.
public struct MessageFrameDecoder: ByteToMessageDecoder {
    public typealias InboundOut = WireMessage

    private var decoder = FrameDecoder()

    public init() {}

    /// A `ByteToMessageHandler` running this decoder, with its buffer capped.
    public static func handler(
        maximumBufferedBytes: Int = FrameDecoder.defaultMaximumBufferedBytes
    ) -> ByteToMessageHandler<MessageFrameDecoder> {
        ByteToMessageHandler(MessageFrameDecoder(), maximumBufferSize: maximumBufferedBytes)
    }

    public mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let message = try decoder.decode(from: &buffer) else { return .needMoreData }
        context.fireChannelRead(Self.wrapInboundOut(message))
        return .continue
    }

    public mutating func decodeLast(
        context: ChannelHandlerContext,
        buffer: inout ByteBuffer,
        seenEOF: Bool
    ) throws -> DecodingState {
        while let message = try decoder.decode(from: &buffer) {
            context.fireChannelRead(Self.wrapInboundOut(message))
        }
        try decoder.finish(buffer: buffer)
        return .needMoreData
    }
}
