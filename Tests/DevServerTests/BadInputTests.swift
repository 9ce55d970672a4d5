import DevServer
import Messages
import NIOCore
import TestSupport
import Testing

@Suite("Bad input")
struct BadInputTests {
    /// The first type byte the message table gives no message (not a hard-coded 7, which
    /// would turn known when a message is added).
    static let firstUnknown = UInt8(MType.framed.map(\.rawValue).max()! + 1)

    /// Bytes that break the framing, and the log line they must produce.
    static let cases: [(name: String, bytes: [UInt8], log: String)] = [
        ("unknown type 0", [0x00, 0x00], "unknown message type 0"),
        ("first unknown type", [0x01, firstUnknown, 0x00], "unknown message type \(firstUnknown)"),
        ("unknown type 255", [0x00, 0xFF], "unknown message type 255"),
        ("invalid protobuf for a move", [0x02, 0x02, 0x0F, 0x01], "payload is not a valid"),
        ("login string longer than its frame", [0x03, 0x01, 0x0A, 0x05, 0x41], "payload is not a valid"),
        ("garbage", Array("GET / HTTP/1.1\r\nHost: x\r\n\r\n".utf8), "unknown message type 69"),
    ]

    @Test("bad bytes before login close that one connection; a fresh login works after", arguments: cases)
    func beforeLogin(_ badCase: (name: String, bytes: [UInt8], log: String)) async throws {
        try await withTestServer { server in
            let observer = try await server.login("observer")
            let bad = try await server.connect()
            try await bad.sendRaw(badCase.bytes)
            try await bad.waitForClose()
            try await server.waitForStats { $0.disconnects[.badFrame] == 1 }
            #expect(server.logs.contains(badCase.log), "\(badCase.name)")
            let fresh = try await server.login("fresh")
            _ = try await fresh.nextPing()
            _ = try await observer.drain()
            _ = try await observer.nextPing()
            await fresh.close()
            await observer.close()
        }
    }

    /// After login, a frame of a type the table does not name is a newer client's and is
    /// skipped (see ``skippedAfterLogin()``); garbage that reads as one waits for its
    /// announced length. What still breaks the framing:
    static let afterLoginCases = cases.filter { ["unknown type 0", "invalid protobuf for a move", "login string longer than its frame"].contains($0.name) }

    @Test("bad bytes from a logged-in player close it; the others hear why and carry on", arguments: afterLoginCases)
    func afterLogin(_ badCase: (name: String, bytes: [UInt8], log: String)) async throws {
        try await withTestServer { server in
            let observer = try await server.login("observer")
            let bad = try await server.login("bad")
            _ = try await observer.nextCursor()
            try await bad.send(.mouseMove(.with { $0.x = 1 }))
            try await bad.sendRaw(badCase.bytes)
            try await bad.waitForClose()
            let notice = try await observer.nextLogout()
            #expect(notice.username == "bad")
            #expect(notice.reason == "bad frame")
            #expect(server.logs.contains(badCase.log), "\(badCase.name)")
            let fresh = try await server.login("bad")
            _ = try await fresh.nextPing()
            await fresh.close()
            await observer.close()
        }
    }

    @Test("a connection closed mid-frame is a bad frame, never a message")
    func closedMidFrame() async throws {
        try await withTestServer { server in
            let observer = try await server.login("observer")
            let cut = try await server.login("cut")
            _ = try await observer.nextCursor()
            // A move promising 16 payload bytes, of which 2 arrive.
            try await cut.sendRaw([0x10, 0x02, 0x08, 0x05])
            try await cut.finishSending()
            try await cut.waitForClose()
            let notice = try await observer.nextLogout()
            #expect(notice.username == "cut")
            #expect(notice.reason == "bad frame")
            #expect(server.logs.contains("stream ended mid-frame, 14 bytes short"))
            // The truncated move was never passed on as a position.
            let stats = await server.server.stats()
            #expect(stats.mouseEventsIn == 0)
            await observer.close()
        }
    }

    @Test("a length byte that promises more than ever arrives, before login, ends at the login timeout")
    func promiseNeverKept() async throws {
        try await withTestServer({ $0.loginTimeout = .seconds(5) }) { server in
            let stalled = try await TestClient.connect(port: server.port, firstRaw: [0xFF, 0x01, 0x0A])
            try await stalled.waitForClose()
            try await server.waitForStats { $0.disconnects[.loginTimeout] == 1 }
            let fresh = try await server.login("fresh")
            await fresh.close()
        }
    }

    @Test("after login, frames of types the table does not name are skipped, counted and logged once; the player plays on")
    func skippedAfterLogin() async throws {
        try await withTestServer { server in
            let observer = try await server.login("observer")
            let newer = try await server.login("newer")
            _ = try await observer.nextCursor()
            let unknown: [UInt8] = [0x03, Self.firstUnknown, 0x0A, 0x01, 0x41]
            try await newer.sendRaw(unknown + unknown + [0x00, 0xFF])
            try await newer.send(.mouseMove(.with { $0.x = 77 }))
            let cursor = try await observer.next("the newer player's move") {
                if case .playerCursor(let c) = $0, c.username == "newer", c.x == 77 { c } else { nil }
            }
            #expect(cursor.x == 77)
            try await server.waitForStats { $0.framesInByType[.unknown] == 3 }
            #expect(server.logs.count(containing: "unknown type \(Self.firstUnknown) ") == 1)
            #expect(server.logs.count(containing: "unknown type 255 ") == 1)
            #expect(newer.isOpen)
            await newer.close()
            await observer.close()
        }
    }
}
