import DevServer
import Foundation
import Load
import Messages
import Net
import NIOCore
import NIOPosix
import TestSupport
import Testing
@testable import MousyTUI
@testable import SSHFront

/// Every front runs Net's one SessionDriver: each is given a SessionTap (an option only
/// the driver acts on), and the tap must see that front's login go out and the server's
/// answer come in. A front with a protocol client of its own would leave its tap empty.
@Suite("every front runs the SessionDriver", .scaledTimeLimit(minutes: 2))
struct SessionDriverFrontsTests {
    private static func sentMove(_ recorder: TapRecorder) -> Bool {
        recorder.sent.contains { if case .mouseMove = $0 { true } else { false } }
    }

    @Test("play and watch (GameClient): the login and a move go out, LOGIN_RESULT comes in")
    func gameClient() async throws {
        let started = try await TestServer.start(logLevel: .critical)
        let address = ServerAddress(host: "127.0.0.1", port: started.port)
        for spectator in [false, true] {
            let recorder = TapRecorder()
            let name = spectator ? "tap-watch" : "tap-play"
            var configuration = spectator
                ? WatchCommand.configuration(address, user: name, password: "welcome")
                : ClientConfiguration(server: address, username: name, password: "welcome")
            configuration.tap = recorder.tap
            let queue = ClientQueue()
            let client = GameClient(configuration: configuration, queue: queue, logger: quietLogger())
            let events = EventCollector(queue: queue)
            client.start()
            #expect(await events.next { $0.isLoggedIn } != nil, "\(name) never logged in")
            queue.send(.move(x: 3, y: 4, left: false, right: false))
            let seen = await eventually { recorder.sentLogin(name, spectator: spectator) && recorder.receivedWelcome && Self.sentMove(recorder) }
            #expect(seen, "\(name): sent \(recorder.sent), received \(recorder.received)")
            await offPool { client.stop() }
        }
        await started.server.shutdown()
    }

    @Test("the probe: the login and the goodbye go out, LOGIN_RESULT comes in")
    func probe() async throws {
        let started = try await TestServer.start(logLevel: .critical)
        let recorder = TapRecorder()
        let tap = recorder.tap
        let answer = await offPool {
            GameProbe.probe(ServerAddress(host: "127.0.0.1", port: started.port), username: "tap-probe", password: "welcome",
                            timeout: TestTime.scaled(TimeAmount.seconds(3)), tap: tap)
        }
        #expect(answer == .accepted)
        let goodbye = recorder.sent.contains { if case .playerLogout(let bye) = $0 { bye.username == "tap-probe" } else { false } }
        #expect(recorder.sentLogin("tap-probe") && goodbye && recorder.receivedWelcome, "sent \(recorder.sent), received \(recorder.received)")
        await started.server.shutdown()
    }

    @Test("load: each player's login and moves go out, LOGIN_RESULT and pings come in")
    func load() async throws {
        let started = try await TestServer.start(logLevel: .critical)
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let recorder = TapRecorder()
        var configuration = LoadConfiguration(
            host: "127.0.0.1", port: started.port, clients: 2, rateHz: 50, duration: .seconds(600), ramp: .zero,
            userPrefix: "tapbot", password: "welcome", defaultPingInterval: .milliseconds(50))
        configuration.tap = recorder.tap
        let generator = LoadGenerator(configuration: configuration, group: group)
        async let report = offPool { generator.run { _ in } }
        let seen = await eventually {
            let pinged = recorder.received.contains { if case .ping = $0 { true } else { false } }
            return recorder.sentLogin("tapbot0") && recorder.sentLogin("tapbot1") && recorder.receivedWelcome && pinged && Self.sentMove(recorder)
        }
        generator.requestStop()
        #expect(await report.loggedIn == 2)
        #expect(seen, "sent \(recorder.sent.prefix(20)), received \(recorder.received.prefix(20))")
        try await group.shutdownGracefully()
        await started.server.shutdown()
    }

    @Test("SSH: a player's game login goes out through the gateway, LOGIN_RESULT comes in")
    func ssh() async throws {
        let recorder = TapRecorder()
        let servers = try await SSHEndToEndTests.Servers.start(session: { $0.tap = recorder.tap })
        let player = try await RawSSHClient.connect(port: servers.ssh.port, username: "tap-ssh", request: .shell(term: "xterm", columns: 80, rows: 24))
        let seen = await eventually { recorder.sentLogin("tap-ssh") && recorder.receivedWelcome }
        #expect(seen, "sent \(recorder.sent), received \(recorder.received)")
        await player.close()
        await servers.stop()
    }
}
