import DevServer
import Messages
import Net
import NIOCore
import NIOPosix
import TestSupport
import Testing
@testable import MousyTUI

/// The trial login that tells a game server from anything else, and finds a free name.
@Suite("GameProbe", .scaledTimeLimit(minutes: 2))
struct GameProbeTests {
    private static func address(_ port: Int) -> ServerAddress {
        ServerAddress(host: "127.0.0.1", port: port)
    }

    /// The probe's own default (3 s), stretched where everything runs slower (TSan).
    private static let timeout = TestTime.scaled(TimeAmount.seconds(3))

    @Test("this project's server: accepted and logged out again, name taken, refused")
    func devServer() async throws {
        let started = try await TestServer.start(logLevel: .critical)
        let (server, port) = (started.server, started.port)
        let probe = { @Sendable (name: String, password: String) in
            await offPool { GameProbe.probe(Self.address(port), username: name, password: password, timeout: Self.timeout) }
        }
        #expect(await probe("player1", "welcome") == .accepted)
        // Logged out again: the name is free at once.
        #expect(await probe("player1", "welcome") == .accepted)
        let (holder, _) = try await TestClient.login(port: port, username: "player1")
        #expect(await eventually { await server.stats().playersOnline == 1 })
        #expect(await probe("player1", "welcome") == .nameTaken)
        #expect(await probe("player2", "wrong") == .refused(reason: "bad credentials"))
        #expect(ProbeAnswer.refused(reason: "bad credentials").refusal == "The server refused the login: bad credentials.")
        let seat = await offPool { GameProbe.findSeat(Self.address(port), username: "player1", password: "welcome", automaticName: true) }
        #expect(seat.answer == .accepted && seat.username == "player2")
        let exact = await offPool { GameProbe.findSeat(Self.address(port), username: "player1", password: "welcome", automaticName: false) }
        #expect(exact.answer == .nameTaken && exact.username == "player1")
        await holder.close()
        await server.shutdown()
    }

    @Test("the original server's way: a first ping means in, a silent close means refused")
    func originalServer() async throws {
        let original = try await OriginalPinger.start()
        #expect(await offPool { GameProbe.probe(Self.address(original.port), username: "player1", password: "welcome", timeout: Self.timeout) } == .acceptedUnchecked)
        #expect(await offPool { GameProbe.probe(Self.address(original.port), username: "player1", password: "wrong", timeout: Self.timeout) } == .closedSilently)
        // It never refuses a name, so it cannot say which are playing: two players that
        // leave the name to mousy get unique ones, and a given name is kept.
        let first = await offPool { GameProbe.findSeat(Self.address(original.port), username: "player1", password: "welcome", automaticName: true) }
        let second = await offPool { GameProbe.findSeat(Self.address(original.port), username: "player1", password: "welcome", automaticName: true) }
        #expect(first.answer == .acceptedUnchecked && second.answer == .acceptedUnchecked)
        #expect(first.username.wholeMatch(of: /player-[0-9a-f]{4}/) != nil, "\(first.username)")
        #expect(second.username.wholeMatch(of: /player-[0-9a-f]{4}/) != nil, "\(second.username)")
        #expect(first.username != second.username)
        let given = await offPool { GameProbe.findSeat(Self.address(original.port), username: "alice", password: "welcome", automaticName: false) }
        #expect(given.username == "alice")
        #expect(DefaultName.unique(like: "watcher").hasPrefix("watcher-"))
        await original.close()
    }

    @Test("nothing listening, and a program that is not a game server")
    func notAGameServer() async throws {
        let port = QuietPort.next()
        #expect(await offPool { GameProbe.probe(Self.address(port), username: "player1", password: "welcome", timeout: Self.timeout) } == .nothingListening)
        let web = try await HTMLServer.start()
        #expect(await offPool { GameProbe.probe(Self.address(web.port), username: "player1", password: "welcome", timeout: Self.timeout) } == .notAGameServer)
        await web.close()
        #expect(!ProbeAnswer.notAGameServer.isGameServer && ProbeAnswer.closedSilently.isGameServer)
    }
}
