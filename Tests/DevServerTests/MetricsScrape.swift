import Foundation
import NIOCore
import NIOPosix
import TestSupport

/// One HTTP/1.1 GET over a real loopback TCP connection, written and parsed by hand (so the
/// server's HTTP framing is checked too), and the Prometheus samples of its body.
struct MetricsScrape {
    enum Failure: Error, CustomStringConvertible {
        case malformed(String)
        var description: String {
            switch self { case .malformed(let what): "malformed HTTP response: \(what)" }
        }
    }

    /// The status code, e.g. 200.
    let status: Int
    /// Header names in lower case.
    let headers: [String: String]
    let body: String

    /// Sends `GET path` with `Connection: close` and reads until the server closes.
    static func get(port: Int, path: String = "/metrics") async throws -> MetricsScrape {
        let collector = Collector()
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(collector) }
            }
            .connect(host: "127.0.0.1", port: port).get()
        let request = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n\r\n"
        try await channel.writeAndFlush(channel.allocator.buffer(string: request))
        // Bounded: a server that never closes fails the test instead of hanging it.
        let bound = TestTime.scaled(TestTime.defaultBound)
        let timeout = channel.eventLoop.scheduleTask(in: .nanoseconds(Int64(bound.components.seconds) * 1_000_000_000)) {
            channel.close(promise: nil)
        }
        try await channel.closeFuture.get()
        timeout.cancel()
        let bytes = try await channel.eventLoop.submit { collector.received }.get()
        return try parse(String(decoding: bytes, as: UTF8.self))
    }

    static func parse(_ response: String) throws -> MetricsScrape {
        guard let split = response.range(of: "\r\n\r\n") else { throw Failure.malformed("no end of headers in \(response.debugDescription)") }
        let lines = response[..<split.lowerBound].components(separatedBy: "\r\n")
        let statusLine = lines[0].split(separator: " ")
        guard statusLine.count >= 2, statusLine[0] == "HTTP/1.1", let status = Int(statusLine[1]) else {
            throw Failure.malformed("status line \(lines[0].debugDescription)")
        }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { throw Failure.malformed("header \(line.debugDescription)") }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let body = String(response[split.upperBound...])
        guard let length = headers["content-length"].flatMap(Int.init), length == body.utf8.count else {
            throw Failure.malformed("Content-Length \(headers["content-length"] ?? "missing") for \(body.utf8.count) bytes")
        }
        return MetricsScrape(status: status, headers: headers, body: body)
    }

    /// Every sample of the body by name and labels as written, e.g.
    /// `mousy_disconnects_total{reason="logged out"}`.
    var samples: [String: Double] {
        var samples: [String: Double] = [:]
        for line in body.split(separator: "\n") where !line.hasPrefix("#") {
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else { continue }
            samples[String(line[..<space])] = value
        }
        return samples
    }

    /// Gathers the bytes on the client's loop until the connection closes.
    private final class Collector: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = ByteBuffer
        var received: [UInt8] = []

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            received += unwrapInboundIn(data).readableBytesView
        }
    }
}
