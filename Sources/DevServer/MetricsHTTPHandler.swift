import NIOCore
import NIOHTTP1

/// Answers `GET /metrics` (and `HEAD`) with the server's metrics in Prometheus's text
/// format; any other path gets 404, any other method 405. Requests on one connection are
/// answered in order (the pipeline's pipelining assistance holds the next one back).
final class MetricsHTTPHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    /// Renders the metrics; called once per scrape, off the event loop.
    private let render: @Sendable () async -> [UInt8]
    private var head: HTTPRequestHead?

    init(render: @escaping @Sendable () async -> [UInt8]) {
        self.render = render
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
        case .body:
            break
        case .end:
            guard let head else { return }
            self.head = nil
            respond(to: head, context: context)
        }
    }

    private func respond(to head: HTTPRequestHead, context: ChannelHandlerContext) {
        let path = head.uri.prefix { $0 != "?" }
        guard path == "/metrics" else {
            send(.notFound, body: Array("Not found: the metrics are at /metrics.\n".utf8), to: head, context: context)
            return
        }
        guard head.method == .GET || head.method == .HEAD else {
            send(.methodNotAllowed, body: Array("Only GET and HEAD.\n".utf8), to: head, context: context)
            return
        }
        let rendered = context.eventLoop.makePromise(of: [UInt8].self)
        rendered.completeWithTask(render)
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        rendered.futureResult.whenSuccess { body in
            let (handler, context) = bound.value
            handler.send(.ok, body: body, contentType: "text/plain; version=0.0.4; charset=utf-8", to: head, context: context)
        }
    }

    private func send(
        _ status: HTTPResponseStatus,
        body: [UInt8],
        contentType: String = "text/plain; charset=utf-8",
        to request: HTTPRequestHead,
        context: ChannelHandlerContext
    ) {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: contentType)
        headers.add(name: "Content-Length", value: String(body.count))
        if status == .methodNotAllowed { headers.add(name: "Allow", value: "GET, HEAD") }
        let keepAlive = request.isKeepAlive
        if !keepAlive { headers.add(name: "Connection", value: "close") }
        let head = HTTPResponseHead(version: request.version, status: status, headers: headers)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        if request.method != .HEAD {
            context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: body)))), promise: nil)
        }
        let sent = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        if !keepAlive {
            let channel = context.channel
            sent.whenComplete { _ in channel.close(promise: nil) }
        }
    }
}
