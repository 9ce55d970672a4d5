import Messages
import TestSupport
import Testing

/// The web front's defences, with hand-made requests and frames: the page's headers, a
/// foreign origin, and a malformed frame that closes its own socket and nothing else.
@Suite(.timeLimit(.minutes(2)))
struct WebSocketSafetyTests {
    @Test("the page is served with a strict Content-Security-Policy")
    func pageHeaders() async throws {
        let world = try await WebWorld.start()
        defer { Task { await world.stop() } }
        let head = try await RawWebSocket.with(port: world.front.port) { try await $0.get("/") }
        #expect(head.hasPrefix("HTTP/1.1 200"))
        #expect(head.contains("Content-Security-Policy: default-src 'none'; script-src 'self';"))
        #expect(head.contains("X-Content-Type-Options: nosniff"))
    }

    @Test("an upgrade from another origin, or from none, is refused", arguments: ["http://evil.example", nil])
    func foreignOrigin(origin: String?) async throws {
        let world = try await WebWorld.start()
        defer { Task { await world.stop() } }
        let port = world.front.port
        let head = try await RawWebSocket.with(port: port) { try await $0.upgrade(port: port, origin: origin) }
        #expect(head.hasPrefix("HTTP/1.1 403"))
    }

    @Test("a malformed frame closes that socket (1007) and only it")
    func malformedFrame() async throws {
        let world = try await WebWorld.start()
        defer { Task { await world.stop() } }
        let peer = try await world.game.login("tcp")
        let port = world.front.port
        for (index, bad) in ["{not json", #"{"kind":"MouseMove","msg":{"x":"far"}}"#].enumerated() {
            try await RawWebSocket.with(port: port) { socket in
                let head = try await socket.upgrade(port: port, origin: "http://127.0.0.1:\(port)")
                #expect(head.hasPrefix("HTTP/1.1 101"))
                try await socket.sendText(#"{"kind":"PlayerLogin","msg":{"username":"web\#(index)","password":"welcome"}}"#)
                let welcome = try #require(try await socket.frame())
                #expect(welcome.opcode == 0x1)
                #expect(String(decoding: welcome.payload, as: UTF8.self).hasPrefix(#"{"kind":"LoginResult","msg":{"ok":true"#))
                try await socket.sendText(bad)
                var close: [UInt8]?
                while let frame = try await socket.frame() {
                    if frame.opcode == 0x8 { close = frame.payload; break }
                }
                #expect(close?.prefix(2).elementsEqual([0x03, 0xEF]) == true)  // 1007
            }
        }
        #expect(peer.isOpen)
        let alone = await eventually { await world.game.server.playersOnline == 1 }
        #expect(alone)
    }

    @Test("the server's goodbye reaches the page, then a normal close (1000)")
    func serverGoodbye() async throws {
        let world = try await WebWorld.start()
        defer { Task { await world.stop() } }
        let port = world.front.port
        let (texts, close) = try await RawWebSocket.with(port: port) { socket in
            let head = try await socket.upgrade(port: port, origin: "http://127.0.0.1:\(port)")
            #expect(head.hasPrefix("HTTP/1.1 101"))
            try await socket.sendText(#"{"kind":"PlayerLogin","msg":{"username":"web","password":"welcome"}}"#)
            let welcome = try #require(try await socket.frame())
            #expect(String(decoding: welcome.payload, as: UTF8.self).hasPrefix(#"{"kind":"LoginResult","msg":{"ok":true"#))
            await world.game.server.shutdown()
            var texts: [String] = []
            while let frame = try await socket.frame() {
                if frame.opcode == 0x8 { return (texts, Optional(frame.payload)) }
                if frame.opcode == 0x1 { texts.append(String(decoding: frame.payload, as: UTF8.self)) }
            }
            return (texts, nil)
        }
        #expect(texts.last?.hasPrefix(#"{"kind":"PlayerLogout","msg":{"username":"web","reason":"server shutting down""#) == true)
        #expect(close?.prefix(2).elementsEqual([0x03, 0xE8]) == true)  // 1000
    }
}

