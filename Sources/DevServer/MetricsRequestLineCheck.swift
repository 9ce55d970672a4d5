import NIOCore

/// Closes a `/metrics` connection whose first line is no HTTP/1 request line (an HTTP/0.9
/// `GET /metrics` has no version, and no status line could answer it): the HTTP decoder
/// would wait for more that never comes. Bytes pass through unchanged; once the first
/// line has been seen the check is over. A first line longer than `maxBytes` is closed too.
final class MetricsRequestLineCheck: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private let maxBytes: Int
    private var line: [UInt8] = []
    private var done = false

    init(maxBytes: Int) {
        self.maxBytes = maxBytes
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !done else { return context.fireChannelRead(data) }
        let bytes = unwrapInboundIn(data).readableBytesView
        if let end = bytes.firstIndex(of: UInt8(ascii: "\n")) {
            line += bytes[..<end]
            done = true
            guard Self.isRequestLine(line) else { return context.close(promise: nil) }
            line = []
        } else {
            line += bytes
            guard line.count <= maxBytes else { return context.close(promise: nil) }
        }
        context.fireChannelRead(data)
    }

    /// `METHOD TARGET HTTP/1.x`, with or without the CR.
    static func isRequestLine(_ line: [UInt8]) -> Bool {
        var text = line
        if text.last == UInt8(ascii: "\r") { text.removeLast() }
        let version = Array(" HTTP/1.".utf8)
        guard text.count > version.count + 1 else { return false }
        return Array(text[(text.count - version.count - 1)..<(text.count - 1)]) == version
    }
}
