import NIOCore
import NIOPosix

/// A hand-driven connection to the web front, for what a browser will not send: foreign
/// origins and malformed frames. It writes raw HTTP and WebSocket bytes and reads raw
/// bytes back.
struct RawWebSocket {
    private let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    private var inbound: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    private var pending: [UInt8] = []

    /// Connects to `port`, runs `body`, then closes.
    static func with<T>(port: Int, _ body: (inout RawWebSocket) async throws -> T) async throws -> T {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        return try await channel.executeThenClose { inbound, outbound in
            var socket = RawWebSocket(outbound: outbound, inbound: inbound.makeAsyncIterator())
            return try await body(&socket)
        }
    }

    /// Sends an upgrade request for `path` with `origin` (none when nil); returns the
    /// response head.
    mutating func upgrade(port: Int, path: String = "/ws", origin: String?) async throws -> String {
        var request = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
        request += "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
        if let origin { request += "Origin: \(origin)\r\n" }
        try await write(Array((request + "\r\n").utf8))
        return try await head()
    }

    /// Sends a plain GET for `path`; returns the response head.
    mutating func get(_ path: String) async throws -> String {
        try await write(Array("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".utf8))
        return try await head()
    }

    /// Sends one masked text frame (mask key zero: the payload as it is).
    mutating func sendText(_ text: String) async throws {
        let payload = Array(text.utf8)
        precondition(payload.count < 126)
        try await write([0x81, 0x80 | UInt8(payload.count), 0, 0, 0, 0] + payload)
    }

    /// The next frame from the server: its opcode and payload (nil at the end of the stream).
    mutating func frame() async throws -> (opcode: UInt8, payload: [UInt8])? {
        guard let header = try await take(2) else { return nil }
        var length = Int(header[1] & 0x7F)
        if length == 126 {
            guard let extended = try await take(2) else { return nil }
            length = Int(extended[0]) << 8 | Int(extended[1])
        }
        guard let payload = try await take(length) else { return nil }
        return (header[0] & 0x0F, payload)
    }

    private func write(_ bytes: [UInt8]) async throws {
        try await outbound.write(ByteBuffer(bytes: bytes))
    }

    private mutating func head() async throws -> String {
        while true {
            if let end = pending.firstRange(of: Array("\r\n\r\n".utf8)) {
                let head = String(decoding: pending[..<end.lowerBound], as: UTF8.self)
                pending.removeSubrange(..<end.upperBound)
                return head
            }
            guard let buffer = try await inbound.next() else { return String(decoding: pending, as: UTF8.self) }
            pending += buffer.readableBytesView
        }
    }

    private mutating func take(_ count: Int) async throws -> [UInt8]? {
        while pending.count < count {
            guard let buffer = try await inbound.next() else { return nil }
            pending += buffer.readableBytesView
        }
        defer { pending.removeSubrange(..<count) }
        return Array(pending[..<count])
    }
}
