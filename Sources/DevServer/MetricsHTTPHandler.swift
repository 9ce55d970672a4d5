import NIOCore
import NIOHTTP1

/// Answers `GET /metrics` (and `HEAD`) with the server's metrics in Prometheus's text
/// format; any other path gets 404, any other method 405.
///
/// One request at a time: while an answer is on its way, nothing more is read from the
/// socket, and the next read waits until the client has taken the whole answer, so a
/// client that sends and never reads holds one answer at most. Requests that arrived
/// pipelined behind the one being answered are not answered: the connection closes after
/// the first (clients retry what was not answered). A malformed request gets 400 and the
/// connection closes; so does one that is not HTTP/1 (HTTP/0.9 is closed unanswered).
/// Each exchange, from waiting for a request to the client taking its answer, must finish
/// within `idleTimeout`, or the connection closes.
final class MetricsHTTPHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    private enum State {
        /// Waiting for a request head.
        case waiting
        /// A head arrived; its end has not.
        case receiving(HTTPRequestHead)
        /// Answering: nothing more is read.
        case answering
        case closed
    }

    private let idleTimeout: TimeAmount
    /// Renders the metrics; called once per scrape, off the event loop.
    private let render: @Sendable () async -> [UInt8]
    private var state = State.waiting
    /// A read the pipeline asked for while answering, done once the answer is taken.
    private var readHeld = false
    /// More requests came while answering: close after the answer.
    private var closeAfterAnswer = false
    private var timeout: Scheduled<Void>?

    init(idleTimeout: TimeAmount, render: @escaping @Sendable () async -> [UInt8]) {
        self.idleTimeout = idleTimeout
        self.render = render
    }

    func handlerAdded(context: ChannelHandlerContext) {
        armTimeout(context: context)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timeout?.cancel()
        timeout = nil
    }

    func channelInactive(context: ChannelHandlerContext) {
        state = .closed
        timeout?.cancel()
        timeout = nil
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = unwrapInboundIn(data)
        switch (state, part) {
        case (.waiting, .head(let head)):
            guard head.version.major == 1 else {
                // HTTP/0.9 has no status line to say no with; a later version is not ours.
                close(context: context)
                return
            }
            state = .receiving(head)
        case (.receiving, .body):
            break  // a GET has no use for a body
        case (.receiving(let head), .end):
            state = .answering
            respond(to: head, context: context)
        case (.answering, _):
            // Pipelined behind the request being answered (decoded from the same read).
            closeAfterAnswer = true
        case (.closed, _), (.waiting, .body), (.waiting, .end), (.receiving, .head):
            break
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        switch state {
        case .closed:
            return
        case .waiting, .receiving:
            guard error is HTTPParserError else { return close(context: context) }
            // Malformed: 400, then the connection closes (its bytes can no longer be framed).
            state = .answering
            closeAfterAnswer = true
            send(HTTPAnswer(.badRequest, body: Array("Bad request.\n".utf8)), to: nil, context: context)
        case .answering:
            close(context: context)  // an answer is on its way: nothing more can be said
        }
    }

    func read(context: ChannelHandlerContext) {
        if case .answering = state {
            readHeld = true
        } else {
            context.read()
        }
    }

    private func respond(to head: HTTPRequestHead, context: ChannelHandlerContext) {
        let path = head.uri.prefix { $0 != "?" }
        guard path == "/metrics" else {
            send(HTTPAnswer(.notFound, body: Array("Not found: the metrics are at /metrics.\n".utf8)), to: head, context: context)
            return
        }
        guard head.method == .GET || head.method == .HEAD else {
            send(HTTPAnswer(.methodNotAllowed, body: Array("Only GET and HEAD.\n".utf8)), to: head, context: context)
            return
        }
        let rendered = context.eventLoop.makePromise(of: [UInt8].self)
        rendered.completeWithTask(render)
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        rendered.futureResult.whenSuccess { body in
            let (handler, context) = bound.value
            guard case .answering = handler.state else { return }
            handler.send(HTTPAnswer(.ok, body: body, contentType: "text/plain; version=0.0.4; charset=utf-8"), to: head, context: context)
        }
    }

    private func send(_ answer: HTTPAnswer, to request: HTTPRequestHead?, context: ChannelHandlerContext) {
        // Pipelined requests already behind this one are not answered: say so.
        let keepAlive = request?.isKeepAlive == true && !closeAfterAnswer
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        answer.write(to: request, keepAlive: keepAlive, context: context).whenComplete { result in
            let (handler, context) = bound.value
            handler.answered(keepAlive: keepAlive && (try? result.get()) != nil, context: context)
        }
    }

    /// The client has taken the whole answer: the next request may be read.
    private func answered(keepAlive: Bool, context: ChannelHandlerContext) {
        guard case .answering = state else { return }
        guard keepAlive, !closeAfterAnswer else {
            close(context: context)
            return
        }
        state = .waiting
        armTimeout(context: context)
        if readHeld {
            readHeld = false
            context.read()
        }
    }

    private func armTimeout(context: ChannelHandlerContext) {
        timeout?.cancel()
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        timeout = context.eventLoop.scheduleTask(in: idleTimeout) {
            let (handler, context) = bound.value
            handler.timeout = nil
            handler.close(context: context)
        }
    }

    private func close(context: ChannelHandlerContext) {
        if case .closed = state { return }
        state = .closed
        timeout?.cancel()
        timeout = nil
        context.close(promise: nil)
    }
}
