#if canImport(Glibc)
import Glibc
#endif
import Logging
import Messages
import Net
import NIOCore
import TestSupport
import Testing

/// The client against a server that behaves like the original: no LOGIN_RESULT, a
/// silent close for a bad password.
@Suite("GameClient against an original-like server", .ownThreads)  // starting and stopping its server blocks
struct GameClientOriginalServerTests {
    static func configuration(port: Int, password: String = "welcome") -> ClientConfiguration {
        var configuration = ClientConfiguration(
            server: ServerAddress(host: "127.0.0.1", port: port),
            username: "player1",
            password: password
        )
        // The client's own bounds on one attempt, stretched where everything runs slower (TSan).
        configuration.connectTimeout = TestTime.scaled(configuration.connectTimeout)
        configuration.loginTimeout = TestTime.scaled(configuration.loginTimeout)
        configuration.reconnectInitialDelay = .milliseconds(50)
        configuration.reconnectMaximumDelay = .milliseconds(200)
        return configuration
    }

    /// A started client of 127.0.0.1:`port`, its queue, and what it reports. Stop it.
    static func startClient(port: Int) -> (GameClient, ClientQueue, EventCollector) {
        let queue = ClientQueue()
        let client = GameClient(configuration: configuration(port: port), queue: queue, logger: quietLogger())
        let events = EventCollector(queue: queue)
        client.start()
        return (client, queue, events)
    }

    @Test("the first ping means logged in (welcome nil); pings are bounced and reported")
    func loggedInOnFirstPing() async throws {
        let server = OriginalLikeServer()
        defer { try? server.shutdown() }
        let port = try server.start()
        let queue = ClientQueue()
        let client = GameClient(configuration: Self.configuration(port: port), queue: queue, logger: quietLogger())
        let events = EventCollector(queue: queue)
        client.start()

        #expect(await events.next { $0.isConnecting } == .connecting(ServerAddress(host: "127.0.0.1", port: port), attempt: 1))
        #expect(await events.next { $0.isLoggedIn } == .loggedIn(welcome: nil))
        let report = try #require(await events.next { $0.isPing }?.pingReport)
        #expect(report.length == 9)  // a current epoch in microseconds: the original's "len: 9"
        #expect(report.sentEpochMicros > 0 && report.receivedAtMicros >= report.sentEpochMicros)
        #expect(report.roundTripMicros != nil)  // no rtt_us from this server: the kernel's estimate
        #expect(client.lastContactMicros != nil)
        // The login came first, with our credentials; then bounces of the server's pings.
        #expect(await eventually {
            server.messages.contains { if case .ping(let p) = $0 { p.sentEpoch == report.sentEpochMicros && p.bounceEpoch > 0 } else { false } }
        })
        guard case .playerLogin(let login) = server.messages.first else {
            Issue.record("the first frame was not a login: \(server.messages)")
            return
        }
        #expect(login.username == "player1" && login.password == "welcome")

        await offPool { client.stop() }
        #expect(await events.next { $0.isStopped } != nil)
        #expect(await eventually { server.endedConnections == 1 })
        #expect(server.messages.contains(.playerLogout({ var l = PlayerLogout(); l.username = "player1"; l.reason = "quit"; return l }())))
    }

    @Test("a close before any reply means refused, final, no retry")
    func refusedOnClose() async throws {
        let server = OriginalLikeServer(password: "secret")
        defer { try? server.shutdown() }
        let port = try server.start()
        let (client, _, events) = Self.startClient(port: port)
        defer { client.stop() }

        let reason = try #require(await events.next { $0.refusedReason != nil }?.refusedReason)
        #expect(reason.contains("without accepting the login"))
        #expect(await events.next { $0.isStopped } != nil)
        #expect(events.count { $0.isConnecting } == 1)
        #expect(!events.events.contains { $0.isLoggedIn || $0.isReconnecting })
    }

    @Test("moves reach the server in order, and the last one always goes out")
    func movesReachTheServer() async throws {
        let server = OriginalLikeServer()
        defer { try? server.shutdown() }
        let port = try server.start()
        let (client, queue, events) = Self.startClient(port: port)
        defer { client.stop() }
        try #require(await events.next { $0.isLoggedIn } != nil)

        queue.send(.move(x: 1, y: 1, left: false, right: false))
        queue.send(.move(x: 2, y: 2, left: true, right: false))
        queue.send(.move(x: 3, y: 3, left: false, right: false))
        for x in Int32(4)...200 { queue.send(.move(x: x, y: 9, left: false, right: false)) }
        let sentMoves = { server.messages.compactMap { if case .mouseMove(let m) = $0 { m } else { nil } } }
        #expect(await eventually { sentMoves().last?.x == 200 })
        let moves = sentMoves()
        #expect(moves.map(\.x) == moves.map(\.x).sorted())
        #expect(moves.contains { $0.x == 2 && $0.y == 2 && $0.leftClick })
        #expect(moves.contains { $0.x == 3 && !$0.leftClick })
    }

    @Test("a dropped session is reported and the client reconnects and logs in again")
    func reconnectsAfterADrop() async throws {
        let server = OriginalLikeServer()
        defer { try? server.shutdown() }
        // Not port 0: the server comes back on the same port, which port 0 could meanwhile
        // hand to another test.
        let port = try server.start(port: QuietPort.next())
        let (client, _, events) = Self.startClient(port: port)
        defer { client.stop() }
        try #require(await events.next { $0.isLoggedIn } != nil)

        try server.stop()
        let reason = try #require(await events.next { $0.disconnectedReason != nil }?.disconnectedReason)
        // The server dropped us with our bounces unread, so its kernel may answer with a reset.
        #expect(["The server closed the connection.", "The connection to the server failed: the connection was reset by the server."].contains(reason))
        #expect(await events.next { $0.isReconnecting } != nil)
        // Nobody listens for a while: attempts fail and back off; then the server returns.
        #expect(await events.next { $0 == .connecting(ServerAddress(host: "127.0.0.1", port: port), attempt: 2) } != nil)
        _ = try server.start(port: port)
        let mark = events.events.count
        #expect(await events.next(from: mark) { $0.isLoggedIn } == .loggedIn(welcome: nil))
        #expect(await events.next(from: mark) { $0.isPing } != nil)
        #expect(server.messages.filter { if case .playerLogin = $0 { true } else { false } }.count == 2)
    }

    @Test("no server at the address: one plain sentence, no retry, stopped")
    func firstConnectFailureIsFinal() async throws {
        let port = QuietPort.next()  // nobody listens, and port 0 never hands it to another test
        let (client, _, events) = Self.startClient(port: port)
        defer { client.stop() }
        let reason = try #require(await events.next { $0.disconnectedReason != nil }?.disconnectedReason)
        #expect(reason == "Could not connect to 127.0.0.1:\(port): the connection was refused (is the server running?).")
        #expect(await events.next { $0.isStopped } != nil)
        #expect(events.count { $0.isConnecting } == 1)
        #expect(events.count { $0.isReconnecting } == 0)
    }
}

extension GameClientOriginalServerTests {
    @Test("a server that never answers the login: the attempt fails with a plain sentence, final")
    func loginNeverAnswered() async throws {
        let server = OriginalLikeServer(mute: true)
        defer { try? server.shutdown() }
        let port = try server.start()
        var configuration = Self.configuration(port: port)
        configuration.loginTimeout = .milliseconds(200)
        let queue = ClientQueue()
        let client = GameClient(configuration: configuration, queue: queue, logger: quietLogger())
        defer { client.stop() }
        let events = EventCollector(queue: queue)
        client.start()
        let reason = try #require(await events.next { $0.disconnectedReason != nil }?.disconnectedReason)
        #expect(reason == "The server at 127.0.0.1:\(port) accepted the connection but did not answer the login within 0.2 s.")
        #expect(await events.next { $0.isStopped } != nil)
        #expect(!events.events.contains { $0.isLoggedIn || $0.refusedReason != nil || $0.isReconnecting })
    }

    @Test("stop() before start() and twice is safe, and posts stopped once")
    func stopWithoutStart() {
        let queue = ClientQueue()
        let client = GameClient(
            configuration: Self.configuration(port: 9),
            queue: queue,
            logger: quietLogger()
        )
        client.stop()
        client.stop()
        client.start()  // after stop: does nothing
        #expect(queue.takeEvents() == [.stopped])
    }
}

extension GameClientOriginalServerTests {
    @Test("a server that stops reading: motion coalesces in the queue; once it reads again the last position arrives")
    func stalledServer() async throws {
        let server = OriginalLikeServer()
        defer { try? server.shutdown() }
        let port = try server.start()
        let queue = ClientQueue()
        var configuration = Self.configuration(port: port)
        configuration.socketSendBufferBytes = 4096  // with the server's 4 KiB: the stall shows at once
        let client = GameClient(configuration: configuration, queue: queue, logger: quietLogger())
        defer { client.stop() }
        let events = EventCollector(queue: queue)
        client.start()
        try #require(await events.next { $0.isLoggedIn } != nil)
        try server.setReading(false)

        // Move until the client holds moves back because its connection's outbound
        // buffer is full (the socket is, and the server reads nothing): from then on it
        // leaves them in the queue, where they merge. Each batch ends on a state: taken,
        // or held back.
        var x: Int32 = 0
        let heldBefore = queue.counters.heldBackDrains
        var holding = false
        for _ in 0..<200 where !holding {  // about 4 MB: far past any buffer, so only a client without backpressure gets here
            for _ in 0..<2_000 {
                x += 1  // every move a button change, so none merge and the buffers fill
                queue.send(.move(x: x, y: 1, left: x % 2 == 0, right: false))
            }
            try #require(await eventually { queue.counters.heldBackDrains > heldBefore || queue.pendingCommandCount == 0 })
            holding = queue.counters.heldBackDrains > heldBefore
        }
        try #require(holding, "the client kept taking moves from a server that does not read")
        // Unwritable stays unwritable until the server reads: the kernel's few KiB can
        // never take the 32 KiB between the channel's high and low water marks.
        let coalescedBefore = queue.counters.coalescedMoves
        for _ in 0..<1_000 {
            x += 1
            queue.send(.move(x: x, y: 1, left: false, right: false))
        }
        #expect(queue.counters.coalescedMoves - coalescedBefore >= 998)  // all but the first (maybe a release) and the one they merge into
        queue.send(.move(x: x + 1, y: 2, left: true, right: false))   // a click while stalled
        queue.send(.move(x: x + 2, y: 3, left: true, right: false))   // and the final position
        // The client leaves them in the queue while the server is not reading (a client
        // without backpressure would take them all at once and buffer them itself).
        #expect(queue.pendingCommandCount >= 2)
        #expect(queue.counters.heldBackDrains > heldBefore)

        try server.setReading(true)
        let moves = { server.messages.compactMap { if case .mouseMove(let m) = $0 { m } else { nil } } }
        #expect(await eventually { moves().last?.x == x + 2 })
        #expect(moves().contains { $0.x == x + 1 && $0.y == 2 && $0.leftClick })
        #expect(moves().last?.y == 3)
        #expect(queue.pendingCommandCount == 0)
    }
}

extension GameClientOriginalServerTests {
    @Test("garbage from the server closes that session with a plain reason; the client reconnects")
    func garbageFromTheServer() async throws {
        let server = OriginalLikeServer(garbageAfterFirstPing: [0x01, 0x00, 0x00])  // type 0 is never sent
        defer { try? server.shutdown() }
        let port = try server.start()
        let (client, _, events) = Self.startClient(port: port)
        defer { client.stop() }
        #expect(await events.next { $0.isPing } != nil)
        let reason = await events.next { $0.disconnectedReason != nil }?.disconnectedReason
        #expect(reason == "The server sent a frame this client cannot read (unknown message type 0), so the connection was closed.")
        #expect(await events.next { $0.isReconnecting } != nil)
        let mark = events.events.count
        #expect(await events.next(from: mark) { $0.isLoggedIn } != nil)
    }
}

extension GameClientOriginalServerTests {
    @Test("quitting while waiting to reconnect stops at once, with no further attempt")
    func quitDuringBackoff() async throws {
        let server = OriginalLikeServer()
        defer { try? server.shutdown() }
        let port = try server.start()
        var configuration = Self.configuration(port: port)
        configuration.reconnectInitialDelay = .seconds(30)  // the wait outlives the test unless quit ends it
        configuration.reconnectMaximumDelay = .seconds(30)
        let queue = ClientQueue()
        let client = GameClient(configuration: configuration, queue: queue, logger: quietLogger())
        let events = EventCollector(queue: queue)
        client.start()
        try #require(await events.next { $0.isLoggedIn } != nil)
        try server.stop()
        try #require(await events.next { $0.isReconnecting } != nil)
        await offPool { client.stop() }
        #expect(await events.next { $0.isStopped } != nil)
        #expect(events.count { $0.isConnecting } == 1)
        #expect(events.events.last == .stopped)
    }
}

extension GameClientOriginalServerTests {
    @Test("a frame of a type the table does not name (a newer server's) is skipped: the session goes on")
    func newerFrameFromTheServer() async throws {
        let firstUnknown = UInt8(MType.framed.map(\.rawValue).max()! + 1)
        let server = OriginalLikeServer(garbageAfterFirstPing: [0x02, firstUnknown, 0x08, 0x01, 0x00, 0xFF])
        defer { try? server.shutdown() }
        let port = try server.start()
        let (client, _, events) = Self.startClient(port: port)
        defer { client.stop() }
        #expect(await events.next { $0.isPing } != nil)
        let mark = events.events.count
        // More pings after the skipped frames, on the same connection.
        #expect(await events.next(from: mark) { $0.isPing } != nil)
        #expect(await events.next(from: events.events.count) { $0.isPing } != nil)
        #expect(events.count { $0.disconnectedReason != nil } == 0)
        #expect(events.count { $0.isConnecting } == 1)
    }
}
