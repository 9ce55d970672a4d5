import Foundation
import NIOCore
import NIOPosix
import TestSupport

/// Debian's Chromium, headless, driven by Selenium through `browser_driver.py` (beside
/// this file): the test asks, one JSON line at a time on a loopback socket, and the
/// driver's real browser loads the page, types, clicks and moves the real mouse.
///
/// Starting fails (and so the test fails) when Chromium, chromedriver or Selenium is
/// missing: nothing is skipped. Use it within ``with(_:)``, which always closes it.
struct Browser {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    private let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    private var inbound: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    private var pending: [UInt8] = []

    /// Starts a browser, runs `body` with it, then closes the browser and its driver.
    static func with<T>(_ body: (inout Browser) async throws -> T) async throws -> T {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("browser_driver.py").path
        let process = try ChildProcess.start("/usr/bin/env", ["python3", script])
        defer {
            // The driver quits the browser when its socket closes; a driver that hangs is ended.
            Task {
                if (try? await process.waitForExit(within: .seconds(20))) == nil { process.send(SIGTERM) }
            }
        }
        let first = try await process.firstLine(within: .seconds(90))
        guard let first, first.hasPrefix("PORT "), let port = Int(first.dropFirst(5)) else {
            let exit = try? await process.waitForExit(within: .seconds(10))
            throw Failure(description: "the browser driver did not start: \(first ?? "") \(exit?.stderr ?? "")")
        }
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        let result = try await channel.executeThenClose { inbound, outbound in
            var browser = Browser(outbound: outbound, inbound: inbound.makeAsyncIterator())
            return try await body(&browser)
        }
        _ = try? await process.waitForExit(within: .seconds(30))
        return result
    }

    /// Sends one request and returns the driver's value (nil for none); throws its error.
    @discardableResult
    mutating func call(_ request: [String: Any]) async throws -> Any? {
        var line = try JSONSerialization.data(withJSONObject: request)
        line.append(UInt8(ascii: "\n"))
        try await outbound.write(ByteBuffer(bytes: line))
        guard let answer = try await nextLine(),
            let reply = try JSONSerialization.jsonObject(with: Data(answer.utf8)) as? [String: Any]
        else { throw Failure(description: "the browser driver stopped answering (\(request["op"] ?? ""))") }
        guard reply["ok"] as? Bool == true else {
            throw Failure(description: "browser \(request["op"] ?? ""): \(reply["error"] ?? "no reason")")
        }
        return reply["value"]
    }

    private mutating func nextLine() async throws -> String? {
        while true {
            if let end = pending.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: pending[..<end], as: UTF8.self)
                pending.removeSubrange(...end)
                return line
            }
            guard let buffer = try await inbound.next() else { return nil }
            pending += buffer.readableBytesView
        }
    }

    mutating func get(_ url: String) async throws { try await call(["op": "get", "url": url]) }
    mutating func type(_ text: String, into id: String) async throws { try await call(["op": "type", "id": id, "text": text]) }
    mutating func click(_ id: String) async throws { try await call(["op": "click", "id": id]) }

    /// Moves the real mouse to the fraction (`fx`, `fy`) of element `id` from its top left.
    mutating func move(in id: String, fx: Double, fy: Double) async throws {
        try await call(["op": "move", "id": id, "fx": fx, "fy": fy])
    }

    /// `expression`'s value in the page, as a string ("" for null or undefined).
    mutating func string(_ expression: String) async throws -> String {
        try await call(["op": "js", "expr": "String((\(expression)) ?? '')"]) as? String ?? ""
    }

    /// Saves the window as a PNG at `path`.
    mutating func screenshot(to path: String) async throws { try await call(["op": "screenshot", "path": path]) }

    /// Waits until `expression` is `expected` in the page; throws with its last value if not.
    mutating func waitFor(_ expression: String, toBe expected: String, within bound: Duration = .seconds(30)) async throws {
        var last = ""
        let matched = try await eventually(timeout: bound, every: .milliseconds(50)) {
            last = try await string(expression)
            return last == expected
        }
        guard !matched else { return }
        throw Failure(description: "\(expression) stayed \(last.debugDescription), not \(expected.debugDescription)")
    }
}
