import Logging
import NIOCore

/// The SwiftNIO inbound side of the frame codec: bytes in, ``WireMessage``s out.
///
/// Install it with ``MessageFrameDecoder/handler(maximumBufferedBytes:logger:)`` so the
/// bytes it may hold are capped. A frame of a type the message table does not name (a
/// newer peer's) is skipped and counted, and the first of each type is logged; any other
/// decoding error is fired down the pipeline as a ``FrameError``, and the channel's owner
/// closes that one connection.
public struct MessageFrameDecoder: ByteToMessageDecoder {
    public typealias InboundOut = WireMessage

    private var decoder = FrameDecoder(skipsUnknownTypes: true)
    private let logger: Logger

    public init(logger: Logger = Logger(label: "mousy.frames")) {
        self.logger = logger
    }

    /// The frames skipped so far, by type.
    public var skipped: SkippedTypes { decoder.skipped }

    /// A `ByteToMessageHandler` running this decoder, with its buffer capped.
    public static func handler(
        maximumBufferedBytes: Int = FrameDecoder.defaultMaximumBufferedBytes,
        logger: Logger = Logger(label: "mousy.frames")
    ) -> ByteToMessageHandler<MessageFrameDecoder> {
        ByteToMessageHandler(MessageFrameDecoder(logger: logger), maximumBufferSize: maximumBufferedBytes)
    }

    public mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        let message = try decoder.decode(from: &buffer)
        logNewlySkipped()
        guard let message else { return .needMoreData }
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
        logNewlySkipped()
        try decoder.finish(buffer: buffer)
        return .needMoreData
    }

    private mutating func logNewlySkipped() {
        guard decoder.skipped.hasNewTypes else { return }
        for type in decoder.takeNewlySkippedTypes() {
            logger.info("Skipping frames of unknown type \(type) (a newer peer's); counted, logged once")
        }
    }
}
