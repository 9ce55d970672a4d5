import DevServer
import Messages
import Net
import NIOCore
import TestSupport
import Testing

/// The real GameClient against real servers that fall silent: the silence limit comes
/// from the ping interval the server announced (three missed pings, never under 1.5 s),
/// and from the 15 s fallback when a server announces none (the original).
///
/// Each case checks the limit the client reports in its disconnect sentence and that no
/// less than that passed between the last frame it heard and the disconnect (a lower
/// bound: a loaded machine only makes the gap longer). A client that ignored the
/// announcement would wait 15 s and say so in every case.
@Suite("GameClient's silence limit follows the announced ping interval")
struct GameClientSilenceTests {
    /// The announced interval, the limit the client must derive from it, and how it reads.
    struct Announcement: Sendable, CustomTestStringConvertible {
        var intervalMs: Int
        var limitMicros: UInt64
        var limitText: String
        var testDescription: String { "\(intervalMs) ms announced: silent after \(limitText)" }
    }

    static let announcements = [
        Announcement(intervalMs: 1_000, limitMicros: 3_000_000, limitText: "3 s"),  // three missed pings
        Announcement(intervalMs: 700, limitMicros: 2_100_000, limitText: "2.1 s"),
        Announcement(intervalMs: 200, limitMicros: 1_500_000, limitText: "1.5 s"),  // the floor
    ]

    /// What the client heard last before the drop: the time of its last ping report (the
    /// server sends nothing else to a lone player), and the disconnect sentence.
    /// `drop` is the disconnect's index in the events: what follows it (pings of the next
    /// connection included) may already be there when a slow test looks.
    static func waitForSilence(_ events: EventCollector, from mark: Int) async throws -> (lastHeard: UInt64, reason: String, observed: UInt64, drop: Int) {
        let reason = try #require(await events.next(from: mark) { $0.disconnectedReason != nil }?.disconnectedReason)
        let observed = Epoch.nowMicros()
        let drop = try #require(events.events[mark...].firstIndex { $0.disconnectedReason != nil })
        let lastPing = try #require(events.events[..<drop].last { $0.isPing }?.pingReport)
        return (lastPing.receivedAtMicros, reason, observed, drop)
    }

    /// Both times are wall-clock readings of this process; NTP may slew that clock by up
    /// to 500 ppm, so the bound allows that much (0.1 %) and nothing more.
    static func atLeast(_ limitMicros: UInt64) -> UInt64 { limitMicros - limitMicros / 1_000 }

    @Test("a DevServer announces its interval, then goes dark behind a proxy: the client declares silence no sooner than the derived limit, then resumes", arguments: announcements)
    func announcedInterval(_ announcement: Announcement) async throws {
        let started = try await TestServer.start(logLevel: .warning) {
            $0.shutdownGracePeriod = TestTime.scaled(TimeAmount.milliseconds(300))
            $0.pingInterval = .milliseconds(Int64(announcement.intervalMs))
        }
        let server = started.server
        let proxy = try await BlackholeProxy.start(forwardingTo: started.port)
        let (client, _, events) = GameClientDevServerTests.client(port: proxy.port, username: "ann")
        client.start()

        let welcome = try #require(await events.next { $0.isLoggedIn })
        guard case .loggedIn(let result?) = welcome else {
            Issue.record("expected a LOGIN_RESULT, got \(welcome)")
            return
        }
        #expect(result.pingIntervalMs == UInt32(announcement.intervalMs))
        // A ping first, so that the last frame heard is a ping, whose arrival is reported.
        try #require(await events.next { $0.isPing } != nil)
        let mark = events.events.count
        proxy.goDark()

        let silence = try await Self.waitForSilence(events, from: mark)
        #expect(silence.reason == "The server has sent nothing for \(announcement.limitText), so the connection was closed.")
        #expect(silence.observed - silence.lastHeard >= Self.atLeast(announcement.limitMicros),
                "declared silent \(silence.observed - silence.lastHeard) µs after the last ping")

        // It reconnects (new connections through the proxy forward) and takes its session over.
        #expect(await events.next(from: mark) { $0.isReconnecting } != nil)
        #expect(await events.next(from: mark) { $0.isLoggedIn } != nil)
        #expect(await eventually { await server.stats().sessionsResumed == 1 })

        await GameClientDevServerTests.stop(client)
        await proxy.stop()
        await server.shutdown()
    }

    @Test("a server that announces nothing (original-like) and falls silent: 15 s, then the client reconnects", .scaledTimeLimit(minutes: 2))
    func nothingAnnounced() async throws {
        let server = OriginalLikeServer(pingInterval: .milliseconds(100), pingsBeforeSilence: 3)
        defer { try? server.shutdown() }
        let port = try server.start()
        let configuration = GameClientOriginalServerTests.configuration(port: port)
        #expect(configuration.silenceTimeout == .seconds(15))  // the default, as `mousy play` runs it
        let queue = ClientQueue()
        let client = GameClient(configuration: configuration, queue: queue, logger: quietLogger())
        let events = EventCollector(queue: queue)
        client.start()
        #expect(await events.next { $0.isLoggedIn } == .loggedIn(welcome: nil))

        let silence = try await Self.waitForSilence(events, from: 0)
        #expect(silence.reason == "The server has sent nothing for 15 s, so the connection was closed.")
        #expect(silence.observed - silence.lastHeard >= Self.atLeast(15_000_000),
                "declared silent \(silence.observed - silence.lastHeard) µs after the last ping")
        #expect(events.events[..<silence.drop].count { $0.isPing } == 3)

        #expect(await events.next(from: silence.drop) { $0.isLoggedIn } == .loggedIn(welcome: nil))
        #expect(server.messages.filter { if case .playerLogin = $0 { true } else { false } }.count == 2)
        await GameClientDevServerTests.stop(client)
    }
}

extension GameClientSilenceTests {
    @Test("after a resume the last position reaches the server exactly once")
    func lastPositionOnce() async throws {
        let started = try await TestServer.start(logLevel: .warning) {
            $0.shutdownGracePeriod = TestTime.scaled(TimeAmount.milliseconds(300))
            // Silence after 3 s: long enough that a loaded machine's late ping before the
            // dark period is not taken for one (that would be a new login, not a resume).
            $0.pingInterval = .seconds(1)
        }
        let server = started.server
        let proxy = try await BlackholeProxy.start(forwardingTo: started.port)
        let bob = try await started.login("bob")
        let (ann, annQueue, annEvents) = GameClientDevServerTests.client(port: proxy.port, username: "ann")
        ann.start()
        try #require(await annEvents.next { $0.isLoggedIn } != nil)

        annQueue.send(.move(x: 100, y: 200, left: false, right: false))
        try await started.waitForStats { $0.mouseEventsIn == 1 }
        proxy.goDark()

        let mark = annEvents.events.count
        try #require(await annEvents.next(from: mark) { $0.isReconnecting } != nil)
        try #require(await annEvents.next(from: mark) { $0.isLoggedIn } != nil)
        try await started.waitForStats { $0.sessionsResumed == 1 }

        // A new move after the resume: once bob sees it, every frame ann sent before it on
        // the new connection has been counted.
        annQueue.send(.move(x: 300, y: 400, left: false, right: false))
        try await waitForCursor(of: "ann", x: 300, seenBy: bob)
        let stats = await server.stats()
        #expect(stats.mouseEventsIn == 3, "one move before the drop, the last position once, the new move")
        #expect(stats.playersOnline == 2)

        await GameClientDevServerTests.stop(ann)
        await bob.close()
        await proxy.stop()
        await server.shutdown()
    }

    private func waitForCursor(of name: String, x: Int32, seenBy client: TestClient) async throws {
        var seen = false
        _ = await eventually {
            seen = ((try? await client.cursors(of: name)) ?? []).contains { $0.x == x }
            return seen
        }
        try #require(seen, "bob never saw \(name) at x \(x)")
    }
}
