import NIOCore
import NIOHTTP1
import NIOWebSocket

/// Serves the page's files (``PageFile``) to `GET` and `HEAD`, with a strict
/// Content-Security-Policy; 404 for any other path, 405 for any other method, and 403
/// for a WebSocket upgrade the front refused (a foreign `Origin`, or another path than
/// `/ws`). A malformed request gets 400 and the connection closes.
final class PageHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private var head: HTTPRequestHead?

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
        case .body:
            break  // a GET has no use for a body
        case .end:
            guard let head else { return }
            self.head = nil
            respond(to: head, context: context)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // A refused upgrade: the request follows, and is answered 403.
        if error is NIOWebSocketUpgradeError { return }
        guard error is HTTPParserError else { return context.close(promise: nil) }
        send(.badRequest, body: Array("Bad request.\n".utf8), version: .http1_1, method: .GET, keepAlive: false, context: context)
    }

    private func respond(to head: HTTPRequestHead, context: ChannelHandlerContext) {
        let path = String(head.uri.prefix { $0 != "?" })
        if path == WebFront.socketPath {
            let body = "Refused: a WebSocket upgrade from the page's own origin only.\n"
            return send(.forbidden, body: Array(body.utf8), to: head, context: context)
        }
        guard let file = PageFile.all[path] else {
            return send(.notFound, body: Array("Not found.\n".utf8), to: head, context: context)
        }
        guard head.method == .GET || head.method == .HEAD else {
            return send(.methodNotAllowed, body: Array("Only GET and HEAD.\n".utf8), to: head, context: context)
        }
        send(.ok, body: file.bytes, contentType: file.contentType, to: head, context: context)
    }

    private func send(
        _ status: HTTPResponseStatus, body: [UInt8], contentType: String = "text/plain; charset=utf-8",
        to request: HTTPRequestHead, context: ChannelHandlerContext
    ) {
        send(status, body: body, contentType: contentType, version: request.version, method: request.method,
             keepAlive: request.isKeepAlive, context: context)
    }

    private func send(
        _ status: HTTPResponseStatus, body: [UInt8], contentType: String = "text/plain; charset=utf-8",
        version: HTTPVersion, method: HTTPMethod, keepAlive: Bool, context: ChannelHandlerContext
    ) {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: contentType)
        headers.add(name: "Content-Length", value: String(body.count))
        headers.add(name: "Content-Security-Policy", value: PageFile.contentSecurityPolicy)
        headers.add(name: "X-Content-Type-Options", value: "nosniff")
        headers.add(name: "Referrer-Policy", value: "no-referrer")
        headers.add(name: "Cache-Control", value: "no-store")
        if status == .methodNotAllowed { headers.add(name: "Allow", value: "GET, HEAD") }
        if !keepAlive { headers.add(name: "Connection", value: "close") }
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: version, status: status, headers: headers))), promise: nil)
        if method != .HEAD {
            context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: body)))), promise: nil)
        }
        let ended = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        if !keepAlive {
            let channel = context.channel
            ended.whenComplete { _ in channel.close(promise: nil) }
        }
    }
}
