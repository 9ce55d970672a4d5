import DevServer
import Logging
import Messages
import NIOCore
import NIOWebSocket

/// A browser player: bridges one WebSocket to a game connection of its own through the
/// server's ``DevServer/GameGateway``, so that the player logs in, is throttled, resumes,
/// is pinged and sees the others exactly as a TCP player does (the server cannot tell
/// them apart, bar the address its log lines give).
///
/// Each text frame from the page is one message as JSON (``Messages/WireMessage/init(jsonFrame:)``),
/// written to the game connection as a binary frame; each frame from the server goes
/// to the page as one text frame, its JSON shared with the other players of this event
/// loop through their ``JSONFrameCache``. A frame that is not a message (binary, fragmented,
/// malformed JSON, a bad message) closes this socket, and only it; a kind this build does
/// not know is skipped, as the server skips an unknown type byte. When the game
/// connection ends (a refusal, a goodbye, a shutdown: its reason has reached the page
/// as a message first), the socket closes normally.
final class WebSocketBridge: ChannelInboundHandler {
    typealias InboundIn = WebSocketFrame
    typealias OutboundOut = WebSocketFrame

    private let gateway: GameGateway
    private let cache: JSONFrameCache
    private let limits: WebLimits
    private let logger: Logger
    private var context: ChannelHandlerContext?
    private var link: (any Channel)?
    /// The page's messages that came before the game connection was open.
    private var queued: [WireMessage] = []
    private var closing = false
    private var peer = "unknown peer"

    init(gateway: GameGateway, cache: JSONFrameCache, limits: WebLimits, logger: Logger) {
        self.gateway = gateway
        self.cache = cache
        self.limits = limits
        self.logger = logger
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        let remote = context.channel.remoteAddress
        if let remote, let ip = remote.ipAddress, let port = remote.port {
            peer = remote.protocol == .inet6 ? "[\(ip)]:\(port)" : "\(ip):\(port)"
        }
        let bridge = NIOLoopBound(self, eventLoop: context.eventLoop)
        gateway.connect(for: remote, via: "web", on: context.eventLoop) { link in
            link.eventLoop.makeCompletedFuture {
                let sync = link.pipeline.syncOperations
                try sync.addHandler(LinkFrameDecoder.handler())
                try sync.addHandler(MessageFrameEncoder.handler())
                try sync.addHandler(GameLinkHandler(bridge: bridge.value))
            }
        }
        .assumeIsolated()
        .whenComplete { result in
            self.linked(result)
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    // MARK: - From the page

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        guard !closing else { return }
        switch frame.opcode {
        case .text where frame.fin:
            let text = String(buffer: frame.unmaskedData)
            do {
                forward(try WireMessage(jsonFrame: text))
            } catch .unknownKind {
                return  // a newer page's kind: skipped
            } catch {
                close(.dataInconsistentWithMessage, "\(error)")
            }
        case .text, .continuation:
            close(.policyViolation, "one message per frame: fragments are refused")
        case .binary:
            close(.unacceptableData, "text frames only: one message as JSON each")
        case .connectionClose:
            closeAnswering(frame)
        case .ping:
            let pong = WebSocketFrame(fin: true, opcode: .pong, data: frame.unmaskedData)
            context.writeAndFlush(wrapOutboundOut(pong), promise: nil)
        case .pong:
            break
        default:
            close(.protocolError, "unknown opcode")
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        closing = true
        link?.close(promise: nil)
        link = nil
        context.fireChannelInactive()
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        // A page that does not keep up stops the reads from its game connection: the
        // server's own bound on a slow player's backlog then applies to it.
        link?.setOption(ChannelOptions.autoRead, value: context.channel.isWritable).whenFailure { _ in }
        context.fireChannelWritabilityChanged()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        logger.debug("Web player \(peer): \(error)")
        context.close(promise: nil)
    }

    private func forward(_ message: WireMessage) {
        if let link {
            link.writeAndFlush(message, promise: nil)
        } else if queued.count < limits.maxQueuedMessages {
            queued.append(message)
        } else {
            close(.policyViolation, "too many messages before the game connection opened")
        }
    }

    // MARK: - From the server

    /// One frame from the game server, for the page (flushed by ``flushToPage()``).
    func fromServer(_ frame: ByteBuffer) {
        guard let context, !closing else { return }
        do {
            guard let json = try cache.json(for: frame, allocator: context.channel.allocator) else { return }
            context.write(wrapOutboundOut(WebSocketFrame(fin: true, opcode: .text, data: json)), promise: nil)
        } catch {
            logger.warning("Web player \(peer): cannot send a frame as JSON: \(error)")
            close(.unexpectedServerError, "internal error")
        }
    }

    /// Sends what ``fromServer(_:)`` wrote.
    func flushToPage() {
        context?.flush()
    }

    /// The game connection ended: its last words have reached the page; close normally.
    func linkClosed() {
        link = nil
        close(.normalClosure, "")
    }

    private func linked(_ result: Result<any Channel, any Error>) {
        switch result {
        case .success(let channel):
            guard !closing else {
                channel.close(promise: nil)
                return
            }
            link = channel
            for message in queued { channel.write(message, promise: nil) }
            queued = []
            channel.flush()
        case .failure(let error):
            logger.warning("Web player \(peer): cannot reach the game server: \(error)")
            close(.unexpectedServerError, "cannot reach the game server")
        }
    }

    /// Sends a close frame with `code` and `reason`, then closes.
    private func close(_ code: WebSocketErrorCode, _ reason: String) {
        guard let context, !closing else { return }
        closing = true
        if code != .normalClosure { logger.info("Web player \(peer): closed: \(reason)") }
        var data = context.channel.allocator.buffer(capacity: 2 + reason.utf8.count)
        data.write(webSocketErrorCode: code)
        data.writeString(String(reason.utf8.prefix(120)) ?? "")
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(WebSocketFrame(fin: true, opcode: .connectionClose, data: data)))
            .whenComplete { _ in channel.close(promise: nil) }
    }

    /// The page closes: answer with its code, then close.
    private func closeAnswering(_ frame: WebSocketFrame) {
        guard let context else { return }
        closing = true
        var data = frame.unmaskedData
        let code = data.readSlice(length: 2) ?? ByteBuffer()
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(WebSocketFrame(fin: true, opcode: .connectionClose, data: code)))
            .whenComplete { _ in channel.close(promise: nil) }
    }
}
