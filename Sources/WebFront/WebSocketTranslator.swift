import Logging
import Messages
import NIOCore
import NIOWebSocket

/// A browser player's translator, between its WebSocket and the game server's own player
/// handler at the end of the same pipeline (``DevServer/GameGateway/adopt(_:via:)``): the
/// server cannot tell the player from a TCP one, bar the address its log lines give, and
/// no second connection or socket stands between them.
///
/// Each text frame from the page is one message as JSON (``Messages/WireMessage/init(jsonFrame:)``),
/// passed on as one binary frame of the game protocol; each frame the server writes goes
/// to the page as one text frame, and the text frames of one write go to the socket as
/// one buffer, shared with the other players of this event loop through their
/// ``JSONFrameCache``: the translator writes its frames' bytes itself, so no WebSocket
/// encoder stands before it. A frame that is not a message (binary,
/// fragmented, malformed JSON, a bad message) closes this socket, and only it; a kind this
/// build does not know is skipped, as the server skips an unknown type byte. When the
/// server closes the connection (a refusal, a goodbye, a shutdown: its reason has reached
/// the page as a message first), the page is sent a normal close frame first.
final class WebSocketTranslator: ChannelDuplexHandler {
    typealias InboundIn = WebSocketFrame
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let cache: JSONFrameCache
    private let logger: Logger
    /// A close frame has been sent or answered, or the socket is gone: nothing more is
    /// read from the page or written to it.
    private var closing = false
    private var peer = "unknown peer"

    init(cache: JSONFrameCache, logger: Logger) {
        self.cache = cache
        self.logger = logger
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if let remote = context.channel.remoteAddress, let ip = remote.ipAddress, let port = remote.port {
            peer = remote.protocol == .inet6 ? "[\(ip)]:\(port)" : "\(ip):\(port)"
        }
    }

    // MARK: - From the page

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        guard !closing else { return }
        switch frame.opcode {
        case .text where frame.fin:
            let message: WireMessage
            do {
                message = try WireMessage(jsonFrame: String(buffer: frame.unmaskedData))
            } catch .unknownKind {
                return  // a newer page's kind: skipped
            } catch {
                close(context, .dataInconsistentWithMessage, "\(error)")
                return
            }
            var bytes = context.channel.allocator.buffer(capacity: Frame.maximumFrameLength)
            do {
                try Frame.encode(message, into: &bytes)
            } catch {
                // As a TCP client's encoder fails only the one write: the message is lost.
                logger.debug("Web player \(peer): a message too long for one frame: \(error)")
                return
            }
            context.fireChannelRead(wrapInboundOut(bytes))
        case .text, .continuation:
            close(context, .policyViolation, "one message per frame: fragments are refused")
        case .binary:
            close(context, .unacceptableData, "text frames only: one message as JSON each")
        case .connectionClose:
            closeAnswering(context, frame)
        case .ping:
            let pong = WebSocketFraming.frame(.pong, payload: frame.unmaskedData, allocator: context.channel.allocator)
            context.writeAndFlush(wrapOutboundOut(pong), promise: nil)
        case .pong:
            break
        default:
            close(context, .protocolError, "unknown opcode")
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        closing = true
        context.fireChannelInactive()
    }

    // MARK: - From the server

    /// Whole frames of the game protocol, one or more: they go to the page as one text
    /// frame each, in one buffer.
    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        guard !closing else {
            promise?.fail(ChannelError.ioOnClosedChannel)
            return
        }
        let text: ByteBuffer
        do {
            text = try cache.textFrames(for: unwrapOutboundIn(data), allocator: context.channel.allocator)
        } catch {
            logger.warning("Web player \(peer): cannot send a frame as JSON: \(error)")
            promise?.fail(error)
            close(context, .unexpectedServerError, "internal error")
            return
        }
        if text.readableBytes > 0 {
            context.write(wrapOutboundOut(text), promise: promise)
        } else {
            promise?.succeed(())
        }
    }

    /// The server ends the connection: a page that still reads is told so with a normal
    /// close frame, after the frames already written; one that does not is closed now.
    func close(context: ChannelHandlerContext, mode: CloseMode, promise: EventLoopPromise<Void>?) {
        guard mode == .all, !closing, context.channel.isActive, context.channel.isWritable else {
            context.close(mode: mode, promise: promise)
            return
        }
        closing = true
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(WebSocketFraming.close(.normalClosure, reason: "", allocator: channel.allocator)))
            .whenComplete { _ in channel.close(mode: mode, promise: promise) }
    }

    /// A protocol error in the page's frames (too long, a fragmented or long control
    /// frame) closes the socket with its code; other errors go on to the server's handler.
    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard let error = error as? NIOWebSocketError else {
            context.fireErrorCaught(error)
            return
        }
        switch error {
        case .invalidFrameLength:
            close(context, .messageTooLarge, "a frame longer than the front reads")
        case .fragmentedControlFrame:
            close(context, .protocolError, "a fragmented control frame")
        case .multiByteControlFrameLength:
            close(context, .protocolError, "a control frame longer than 125 bytes")
        }
    }

    // MARK: - Closing

    /// Sends a close frame with `code` and `reason`, then closes (the server sees the
    /// connection end).
    private func close(_ context: ChannelHandlerContext, _ code: WebSocketErrorCode, _ reason: String) {
        guard !closing else { return }
        closing = true
        logger.info("Web player \(peer): closed: \(reason)")
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(WebSocketFraming.close(code, reason: reason, allocator: channel.allocator)))
            .whenComplete { _ in channel.close(promise: nil) }
    }

    /// The page closes: answer with its code, then close.
    private func closeAnswering(_ context: ChannelHandlerContext, _ frame: WebSocketFrame) {
        closing = true
        var data = frame.unmaskedData
        let code = data.readSlice(length: 2) ?? ByteBuffer()
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(WebSocketFraming.frame(.connectionClose, payload: code, allocator: channel.allocator)))
            .whenComplete { _ in channel.close(promise: nil) }
    }
}
