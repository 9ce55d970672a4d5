import DevServer
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
        send(HTTPAnswer(.badRequest, body: Array("Bad request.\n".utf8)), to: nil, context: context)
    }

    private func respond(to head: HTTPRequestHead, context: ChannelHandlerContext) {
        let path = String(head.uri.prefix { $0 != "?" })
        if path == WebFront.socketPath {
            let body = "Refused: a WebSocket upgrade from the page's own origin only.\n"
            return send(HTTPAnswer(.forbidden, body: Array(body.utf8)), to: head, context: context)
        }
        guard let file = PageFile.all[path] else {
            return send(HTTPAnswer(.notFound, body: Array("Not found.\n".utf8)), to: head, context: context)
        }
        guard head.method == .GET || head.method == .HEAD else {
            return send(HTTPAnswer(.methodNotAllowed, body: Array("Only GET and HEAD.\n".utf8)), to: head, context: context)
        }
        send(HTTPAnswer(.ok, body: file.bytes, contentType: file.contentType), to: head, context: context)
    }

    private func send(_ answer: HTTPAnswer, to request: HTTPRequestHead?, context: ChannelHandlerContext) {
        var answer = answer
        answer.headers = Self.pageHeaders
        let keepAlive = request?.isKeepAlive == true
        let ended = answer.write(to: request, keepAlive: keepAlive, context: context)
        if !keepAlive {
            let channel = context.channel
            ended.whenComplete { _ in channel.close(promise: nil) }
        }
    }

    /// What every answer of the page's listener carries: the page's strict policy, and
    /// nothing sniffed, referred or cached.
    private static let pageHeaders = [
        (name: "Content-Security-Policy", value: PageFile.contentSecurityPolicy),
        (name: "X-Content-Type-Options", value: "nosniff"),
        (name: "Referrer-Policy", value: "no-referrer"),
        (name: "Cache-Control", value: "no-store"),
    ]
}
