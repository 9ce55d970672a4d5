import Messages
import Net
import NIOCore
import NIOPosix
import TestSupport
import Testing

/// The driver on its own, with a sink that only keeps the events.
@Suite("SessionDriver", .scaledTimeLimit(minutes: 2))
struct SessionDriverTests {
    /// Keeps the events, on the driver's loop.
    final class KeptEvents: SessionSink {
        var events: [ClientEvent] = []
        func driver(_ driver: SessionDriver, posted event: ClientEvent) { events.append(event) }
    }

    @Test("a server that stops reading: the driver holds the newest move, merges motion into it, never a click, and sends the last once it reads")
    func heldMoves() async throws {
        let server = OriginalLikeServer()
        defer { try? server.shutdown() }
        let port = try server.start()
        let loop = MultiThreadedEventLoopGroup.singleton.any()
        let recorder = TapRecorder(limit: 10_000_000)  // every move the driver writes
        let tap = recorder.tap
        let driver = try await loop.submit {
            let options = SessionDriver.Options(
                rules: ClientSession.Rules(server: ServerAddress(host: "127.0.0.1", port: port), username: "player1", password: "welcome",
                                           reconnect: false),
                connector: .tcp(ServerAddress(host: "127.0.0.1", port: port), connectTimeout: TestTime.scaled(TimeAmount.seconds(3)),
                                sendBufferBytes: 4096),  // with the server's 4 KiB: the stall shows at once
                loginTimeout: TestTime.scaled(TimeAmount.seconds(5)),
                tap: tap,
                logger: quietLogger())
            let driver = SessionDriver(options: options, eventLoop: loop, sink: KeptEvents())
            driver.start()
            return NIOLoopBound(driver, eventLoop: loop)
        }.get()
        let loggedIn = await eventually {
            (try? await loop.submit { if case .loggedIn = driver.value.session.state { true } else { false } }.get()) ?? false
        }
        try #require(loggedIn)
        try server.setReading(false)

        // Button changes (never merged) until the connection takes no more writes.
        let (full, last) = try await loop.submit { () -> (Bool, Int32) in
            var x: Int32 = 0
            while driver.value.isWritable, x < 1_000_000 {
                x += 1
                driver.value.move(.with { $0.x = x; $0.y = 1; $0.leftClick = x % 2 == 0 })
            }
            return (!driver.value.isWritable, x)
        }.get()
        try #require(full, "the connection kept taking writes from a server that does not read")
        let moves = { recorder.sent.filter { if case .mouseMove = $0 { true } else { false } }.count }
        let (written, coalesced) = (moves(), try await loop.submit { driver.value.coalescedMoves }.get())
        let x = last
        try await loop.submit {
            for step in 1...1_000 { driver.value.move(.with { $0.x = x + Int32(step); $0.y = 1 }) }
            driver.value.move(.with { $0.x = x + 1_001; $0.y = 2; $0.leftClick = true })  // a click while stalled
            driver.value.move(.with { $0.x = x + 1_002; $0.y = 3; $0.leftClick = true })  // and the final position
        }.get()
        #expect(try await loop.submit { driver.value.coalescedMoves }.get() - coalesced >= 998)
        #expect(written > 1_000 && moves() - written <= 3)  // the first (maybe a release), the last motion, the click

        try server.setReading(true)
        let received = { server.messages.compactMap { if case .mouseMove(let move) = $0 { move } else { nil } } }
        #expect(await eventually { received().last?.x == x + 1_002 })
        #expect(received().contains { $0.x == x + 1_001 && $0.y == 2 && $0.leftClick })
        #expect(received().last?.y == 3)
        try await loop.submit { driver.value.quit() }.get()
    }
}
