import Messages
import NIOCore

/// Frames a browser player's game connection without parsing it: each read is one whole
/// binary frame (header and payload), for the ``WebSocketBridge`` to look up in its
/// loop's ``JSONFrameCache`` before decoding it.
struct LinkFrameDecoder: ByteToMessageDecoder {
    typealias InboundOut = ByteBuffer

    /// Installs the decoder with the full decoder's cap on buffered bytes.
    static func handler() -> ByteToMessageHandler<LinkFrameDecoder> {
        ByteToMessageHandler(LinkFrameDecoder(), maximumBufferSize: FrameDecoder.defaultMaximumBufferedBytes)
    }

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let frame = Self.next(from: &buffer) else { return .needMoreData }
        context.fireChannelRead(Self.wrapInboundOut(frame))
        return .continue
    }

    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        while let frame = Self.next(from: &buffer) {
            context.fireChannelRead(Self.wrapInboundOut(frame))
        }
        if buffer.readableBytes > 0 {
            // The stream ended inside a frame: the header, or the payload it announced.
            let missing = buffer.readableBytes < Frame.headerLength
                ? Frame.headerLength - buffer.readableBytes
                : Frame.headerLength + Int(buffer.getInteger(at: buffer.readerIndex, as: UInt8.self)!) - buffer.readableBytes
            throw FrameError.truncatedFrame(missing: missing)
        }
        return .needMoreData
    }

    /// The next whole frame at the front of `buffer`, or nil until it has all arrived.
    private static func next(from buffer: inout ByteBuffer) -> ByteBuffer? {
        guard let length = buffer.getInteger(at: buffer.readerIndex, as: UInt8.self),
              buffer.readableBytes >= Frame.headerLength + Int(length)
        else { return nil }
        return buffer.readSlice(length: Frame.headerLength + Int(length))
    }
}
