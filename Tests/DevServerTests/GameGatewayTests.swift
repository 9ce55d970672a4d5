import DevServer
import Messages
import NIOCore
import NIOPosix
import TestSupport
import Testing

/// Logins through a ``GameGateway`` on a real server: each connection a socket pair made
/// in this process, counted by the client address the gateway names (127.0.0.x stand for
/// distinct hosts), never by where the gateway itself is.
@Suite("GameGateway")
struct GameGatewayTests {
    /// Logs in as `name` through the gateway for a client at `address`; the channel and
    /// the server's LOGIN_RESULT.
    private static func login(
        _ gateway: GameGateway, as name: String, password: String = "welcome", for address: String
    ) async throws -> (any Channel, LoginResult) {
        let (results, continuation) = AsyncStream.makeStream(of: LoginResult.self)
        let channel = try await gateway.connect(
            for: try SocketAddress(ipAddress: address, port: 40_000), via: "test",
            on: MultiThreadedEventLoopGroup.singleton.next()
        ) { channel in
            channel.eventLoop.makeCompletedFuture {
                try channel.pipeline.syncOperations.addHandler(MessageFrameDecoder.handler())
                try channel.pipeline.syncOperations.addHandler(MessageToByteHandler(MessageFrameEncoder()))
                try channel.pipeline.syncOperations.addHandler(LoginResults(continuation))
            }
        }.get()
        try await channel.writeAndFlush(WireMessage.playerLogin(.with {
            $0.username = name
            $0.password = password
        }))
        for await result in results { return (channel, result) }
        throw TestClient.Failure.unexpected("the gateway connection closed without a LOGIN_RESULT")
    }

    @Test("failed logins through the gateway penalise the named client address, for TCP too; other addresses log in")
    func failuresCountByClientAddress() async throws {
        try await withTestServer({
            $0.throttle.maxFailures = 2
            $0.throttle.failureWindow = .seconds(3600)
            $0.throttle.penalty = .seconds(3600)
            $0.throttle.maxPenalty = .seconds(3600)
        }) { server in
            let gateway = try await server.server.gateway()
            let attacker = try SocketAddress(ipAddress: "127.0.0.9", port: 1)
            for attempt in 0..<2 {
                let (channel, result) = try await Self.login(gateway, as: "victim", password: "guess\(attempt)", for: "127.0.0.9")
                #expect(result.reason == "bad credentials")
                try? await channel.close()
            }
            #expect(gateway.penaltyRemaining(for: attacker) != nil)
            #expect(gateway.penaltyRemaining(for: try SocketAddress(ipAddress: "127.0.0.1", port: 1)) == nil)
            let (penalised, refused) = try await Self.login(gateway, as: "victim", for: "127.0.0.9")
            #expect(refused.reason.hasPrefix("too many failed logins from your address"))
            try? await penalised.close()
            // One set of rules per address: its TCP logins are refused as well.
            let (tcp, tcpRefused) = try await TestClient.login(port: server.port, username: "victim", from: "127.0.0.9")
            #expect(tcpRefused.reason.hasPrefix("too many failed logins from your address"))
            await tcp.close()
            // Another client of the gateway, and a TCP player from loopback, log in.
            let (other, welcome) = try await Self.login(gateway, as: "victim", for: "127.0.0.10")
            #expect(welcome.ok)
            let (local, localWelcome) = try await TestClient.login(port: server.port, username: "local")
            #expect(localWelcome.ok)
            #expect(server.logs.contains("Refusing logins from 127.0.0.9 for 3600 s"))
            await local.close()
            try? await other.close()
        }
    }

    @Test("the gateway (the SSH front's way in) holds names to the same rules: look-alikes refused, no failed login")
    func lookAlikesThroughGateway() async throws {
        try await withTestServer({ $0.throttle.maxFailures = 1 }) { server in
            let gateway = try await server.server.gateway()
            let (victim, welcome) = try await TestClient.login(port: server.port, username: "victim")
            #expect(welcome.ok)
            // Escapes: the test log would show the names raw.
            for (name, reason) in [
                ("victi\u{307}m", "malformed login: username must not put a dot above i or j"),
                ("\u{1D20}\u{26A}\u{1D04}\u{1D1B}\u{26A}\u{1D0D}", "malformed login: username must use letters in common use (Unicode's identifier profile)"),
                ("VICTIM", "name already playing"),
            ] {
                let (channel, result) = try await Self.login(gateway, as: name, for: "127.0.0.9")
                #expect(result.reason == reason, "\(name.debugDescription)")
                try? await channel.close()
            }
            #expect(gateway.penaltyRemaining(for: try SocketAddress(ipAddress: "127.0.0.9", port: 1)) == nil)
            await victim.close()
        }
    }

    @Test("a gateway connection waiting to log in counts against its client address's cap")
    func pendingCountsByClientAddress() async throws {
        try await withTestServer({
            $0.throttle.maxPendingPerAddress = 1
            $0.loginTimeout = .seconds(120)
        }) { server in
            let gateway = try await server.server.gateway()
            let client = try SocketAddress(ipAddress: "127.0.0.9", port: 1)
            let silent = try await gateway.connect(for: client, via: "test", on: MultiThreadedEventLoopGroup.singleton.next()) {
                $0.eventLoop.makeSucceededVoidFuture()
            }.get()
            try await server.waitForStats { $0.connections == 1 }
            // The game connection fills 127.0.0.9's one place; other addresses have theirs.
            #expect(!gateway.connectionOpened(from: client))
            let bystander = try SocketAddress(ipAddress: "127.0.0.10", port: 1)
            #expect(gateway.connectionOpened(from: bystander))
            gateway.connectionSettled(from: bystander)
            let (tcp, refused) = try await TestClient.login(port: server.port, username: "late", from: "127.0.0.9")
            #expect(refused.reason == "too many connections from your address waiting to log in")
            await tcp.close()
            try await silent.close()
        }
    }
}

/// Hands each LOGIN_RESULT to a stream; finishes it when the connection closes.
private final class LoginResults: ChannelInboundHandler, Sendable {
    typealias InboundIn = WireMessage
    private let continuation: AsyncStream<LoginResult>.Continuation

    init(_ continuation: AsyncStream<LoginResult>.Continuation) {
        self.continuation = continuation
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .loginResult(let result) = unwrapInboundIn(data) { continuation.yield(result) }
    }

    func channelInactive(context: ChannelHandlerContext) {
        continuation.finish()
        context.fireChannelInactive()
    }
}
