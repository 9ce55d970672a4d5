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
        #expect(await offPool { GameProbe.probe(Self.address(original.port), username: "player1", password: "welcome", timeout: Self.timeout) } == .accepted)
        #expect(await offPool { GameProbe.probe(Self.address(original.port), username: "player1", password: "wrong", timeout: Self.timeout) } == .closedSilently)
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

/// Like the original Go server: no LOGIN_RESULT; a ping for a good login, a silent close for a bad one.
private final class OriginalPinger: Sendable {
    private final class Session: ChannelInboundHandler, Sendable {
        typealias InboundIn = WireMessage
        typealias OutboundOut = WireMessage

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            guard case .playerLogin(let login) = Self.unwrapInboundIn(data) else { return }
            guard login.password == "welcome" else {
                context.close(promise: nil)
                return
            }
            var ping = Ping()
            ping.sentEpoch = Epoch.nowMicros()
            context.writeAndFlush(Self.wrapOutboundOut(.ping(ping)), promise: nil)
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            context.close(promise: nil)
        }
    }

    private let channel: any Channel
    let port: Int

    private init(channel: any Channel, port: Int) {
        self.channel = channel
        self.port = port
    }

    static func start() async throws -> OriginalPinger {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let sync = channel.pipeline.syncOperations
                    try sync.addHandler(MessageFrameDecoder.handler())
                    try sync.addHandler(MessageToByteHandler(MessageFrameEncoder()))
                    try sync.addHandler(Session())
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return OriginalPinger(channel: channel, port: channel.localAddress?.port ?? 0)
    }

    func close() async {
        try? await channel.close()
    }
}
