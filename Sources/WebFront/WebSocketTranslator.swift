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
/// to the page as one text frame, its JSON shared with the other players of this event
/// loop through their ``JSONFrameCache``. A frame that is not a message (binary,
/// fragmented, malformed JSON, a bad message) closes this socket, and only it; a kind this
/// build does not know is skipped, as the server skips an unknown type byte. When the
/// server closes the connection (a refusal, a goodbye, a shutdown: its reason has reached
/// the page as a message first), the page is sent a normal close frame first.
final class WebSocketTranslator: ChannelDuplexHandler {
    typealias InboundIn = WebSocketFrame
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = WebSocketFrame

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
            let pong = WebSocketFrame(fin: true, opcode: .pong, data: frame.unmaskedData)
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

    /// Whole frames of the game protocol, one or more: each goes to the page as one text
    /// frame. `promise` completes with the last of them.
    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        var frames = unwrapOutboundIn(data)
        guard !closing else {
            promise?.fail(ChannelError.ioOnClosedChannel)
            return
        }
        var pending: WebSocketFrame?
        do {
            while let frame = Self.nextFrame(from: &frames) {
                guard let json = try cache.json(for: frame, allocator: context.channel.allocator) else { continue }
                if let pending { context.write(wrapOutboundOut(pending), promise: nil) }
                pending = WebSocketFrame(fin: true, opcode: .text, data: json)
            }
        } catch {
            logger.warning("Web player \(peer): cannot send a frame as JSON: \(error)")
            promise?.fail(error)
            close(context, .unexpectedServerError, "internal error")
            return
        }
        if let pending {
            context.write(wrapOutboundOut(pending), promise: promise)
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
        context.writeAndFlush(wrapOutboundOut(closeFrame(context, .normalClosure, "")))
            .whenComplete { _ in channel.close(mode: mode, promise: promise) }
    }

    // MARK: - Frames and closing

    /// The next whole frame at the front of `buffer` (the server writes whole frames only).
    private static func nextFrame(from buffer: inout ByteBuffer) -> ByteBuffer? {
        guard let length = buffer.getInteger(at: buffer.readerIndex, as: UInt8.self) else { return nil }
        return buffer.readSlice(length: Frame.headerLength + Int(length))
    }

    private func closeFrame(_ context: ChannelHandlerContext, _ code: WebSocketErrorCode, _ reason: String) -> WebSocketFrame {
        var data = context.channel.allocator.buffer(capacity: 2 + min(reason.utf8.count, 120))
        data.write(webSocketErrorCode: code)
        data.writeString(String(reason.utf8.prefix(120)) ?? "")
        return WebSocketFrame(fin: true, opcode: .connectionClose, data: data)
    }

    /// Sends a close frame with `code` and `reason`, then closes (the server sees the
    /// connection end).
    private func close(_ context: ChannelHandlerContext, _ code: WebSocketErrorCode, _ reason: String) {
        guard !closing else { return }
        closing = true
        logger.info("Web player \(peer): closed: \(reason)")
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(closeFrame(context, code, reason)))
            .whenComplete { _ in channel.close(promise: nil) }
    }

    /// The page closes: answer with its code, then close.
    private func closeAnswering(_ context: ChannelHandlerContext, _ frame: WebSocketFrame) {
        closing = true
        var data = frame.unmaskedData
        let code = data.readSlice(length: 2) ?? ByteBuffer()
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(WebSocketFrame(fin: true, opcode: .connectionClose, data: code)))
            .whenComplete { _ in channel.close(promise: nil) }
    }
}
