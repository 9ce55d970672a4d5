import NIOCore
import NIOHTTP1

/// One whole answer of the server's small HTTP listeners (`/metrics`, the web page):
/// head, body (not for HEAD) and end, with the headers every answer carries.
public struct HTTPAnswer {
    public var status: HTTPResponseStatus
    public var body: [UInt8]
    public var contentType: String
    /// Headers beyond Content-Type, Content-Length, Allow and Connection.
    public var headers: [(name: String, value: String)]

    public init(
        _ status: HTTPResponseStatus, body: [UInt8], contentType: String = "text/plain; charset=utf-8",
        headers: [(name: String, value: String)] = []
    ) {
        self.status = status
        self.body = body
        self.contentType = contentType
        self.headers = headers
    }

    /// The request heads' limits of these listeners: `maxHeaderBytes` for one field and
    /// for all of them, and at most 100 fields.
    public static func decoderLimits(maxHeaderBytes: Int) -> NIOHTTPDecoderLimitConfiguration {
        var decoder = NIOHTTPDecoderLimitConfiguration()
        decoder.maxHeaderFieldSize = maxHeaderBytes
        decoder.maxHeaderListSize = maxHeaderBytes
        decoder.maxHeaderFieldCount = 100
        return decoder
    }

    /// Writes the answer to `request` (nil: one that could not be read, answered as
    /// HTTP/1.1 GET) on `context`, a handler's whose outbound type is
    /// `HTTPServerResponsePart`. It keeps the connection open only when `keepAlive` and
    /// the request allow, and says `Connection: close` otherwise. Returns the flushed
    /// write of the end.
    public func write(to request: HTTPRequestHead?, keepAlive: Bool, context: ChannelHandlerContext) -> EventLoopFuture<Void> {
        let version = request?.version ?? .http1_1
        let method = request?.method ?? .GET
        let keepAlive = keepAlive && request?.isKeepAlive == true
        var fields = HTTPHeaders()
        fields.add(name: "Content-Type", value: contentType)
        fields.add(name: "Content-Length", value: String(body.count))
        for header in headers { fields.add(name: header.name, value: header.value) }
        if status == .methodNotAllowed { fields.add(name: "Allow", value: "GET, HEAD") }
        if !keepAlive { fields.add(name: "Connection", value: "close") }
        let head = HTTPResponseHead(version: version, status: status, headers: fields)
        context.write(NIOAny(HTTPServerResponsePart.head(head)), promise: nil)
        if method != .HEAD {
            let bytes = context.channel.allocator.buffer(bytes: body)
            context.write(NIOAny(HTTPServerResponsePart.body(.byteBuffer(bytes))), promise: nil)
        }
        return context.writeAndFlush(NIOAny(HTTPServerResponsePart.end(nil)))
    }
}
