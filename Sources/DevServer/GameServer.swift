import Logging
import Messages
import NIOCore
import NIOPosix
import ServiceLifecycle

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The Mousy dev server: many players on SwiftNIO, pinged on time, each seeing the others'
/// cursors.
///
/// The actor owns the lifecycle (``State``). The per-frame work runs on the event loops,
/// one ``PlayerShard`` per loop; logins meet in a small locked registry of names.
///
/// A swift-service-lifecycle `Service`: in a `ServiceGroup`, ``run()`` serves until the
/// group shuts down gracefully (e.g. on SIGTERM) or is cancelled, then says goodbye to
/// every player:
///
/// ```swift
/// let server = GameServer(configuration: .init(), logger: logger)
/// let group = ServiceGroup(services: [server], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
/// try await group.run()
/// ```
///
/// Or by hand:
///
/// ```swift
/// let port = try await server.start()
/// // ...
/// await server.shutdown()
/// ```
public actor GameServer: Service {
    /// Where the server is in its life.
    public enum State: Sendable, Hashable {
        case idle
        case starting
        case running(port: Int)
        case shuttingDown
        case stopped
    }

    struct Runtime: Sendable {
        let group: MultiThreadedEventLoopGroup
        let serverChannel: Channel
        /// One per event loop, each reachable only on its loop.
        let shards: [NIOLoopBound<PlayerShard>]
        let registry: PlayerRegistry
        let port: Int
        /// The `/metrics` listener, when asked for.
        let metricsChannel: Channel?
        let gateway: GameGateway
    }

    struct Sample {
        var counters: ServerCounters
        var at: NIODeadline
    }

    /// The configuration the server was made with.
    public nonisolated let configuration: ServerConfiguration
    let logger: Logger

    /// The current lifecycle state.
    public private(set) var state: State = .idle
    var runtime: Runtime?
    private var shutdownTask: Task<ServerCounters, Never>?
    private var statsTask: Task<Void, Never>?
    private var lastSample: Sample?
    var lastLogSample: Sample?
    /// The counters as they were when the server stopped.
    var finalCounters: ServerCounters?
    /// Why the last start failed, for ``listeningPort()``.
    private var startError: ServerError?
    /// Waiting for the next change of ``state``.
    private var stateWaiters: [CheckedContinuation<Void, Never>] = []
    /// What `/metrics` shows, published from the counters at each scrape.
    private var metrics = ServerMetrics()

    public init(configuration: ServerConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
    }

    /// The bound port while running, else nil.
    public var port: Int? {
        if case .running(let port) = state { port } else { nil }
    }

    /// The players logged in now, spectators and players waiting out their resume grace
    /// not counted (0 when not running): a cheap read, for a game that ends once nobody
    /// plays.
    public var playersOnline: Int {
        runtime?.registry.players ?? 0
    }

    /// The bound port of `/metrics` while running, if ``ServerConfiguration/metricsPort`` is set.
    public var metricsPort: Int? {
        runtime?.metricsChannel?.localAddress?.port
    }

    /// Binds and starts serving; returns the bound port (the real one when port is 0).
    /// Throws a ``ServerError`` whose description is one plain sentence, e.g.
    /// "Port 7777 on 127.0.0.1 is already in use." (``ServerError/addressInUse(host:port:)``).
    public func start() async throws -> Int {
        guard case .idle = state else { throw ServerError.notIdle }
        do {
            try validate(configuration)
        } catch {
            startError = error
            throw error
        }
        startError = nil
        setState(.starting)

        if let limit = OpenFileLimit.raiseToHardLimit() {
            logger.debug("Open files limit: \(limit)")
        }
        let threads = configuration.eventLoopThreads ?? System.coreCount
        let group = MultiThreadedEventLoopGroup(numberOfThreads: threads)
        let configuration = self.configuration
        let registry = PlayerRegistry(capacity: configuration.maxPlayers)
        let throttle = LoginThrottle(configuration: configuration.throttle)
        let logger = self.logger
        let shards: [NIOLoopBound<PlayerShard>]
        do {
            shards = try await Self.makeShards(
                on: group, configuration: configuration, registry: registry, throttle: throttle, logger: logger
            )
        } catch {
            try? await group.shutdownGracefully()
            throw failedStart(.cannotListen(host: configuration.host, port: configuration.port, reason: "\(error)"))
        }
        let shardsByLoop = Dictionary(uniqueKeysWithValues: shards.map { (ObjectIdentifier($0.eventLoop), $0) })

        var bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 4096)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            // Many accepts per wake-up: a burst of logins is taken in quickly.
            .serverChannelOption(.maxMessagesPerRead, value: 256)
            .serverChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(AcceptBackoff(logger: logger))
                }
            }
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelOption(
                .writeBufferWaterMark,
                value: .init(low: configuration.maxOutboundBytes / 2, high: configuration.maxOutboundBytes)
            )
            // One small read per connection per event-loop turn: a player blasting frames
            // cannot hold the loop (and its ping timer) for long. NIO keeps each
            // connection's receive buffer for its life, at the largest size it has grown
            // to: an idle player's stays at 64 bytes (a ping bounce is about 15, a typical
            // login under 64; a longer one takes two reads), a busy one's grows.
            .childChannelOption(.maxMessagesPerRead, value: 1)
            .childChannelOption(.recvAllocator, value: AdaptiveRecvByteBufferAllocator(minimum: 64, initial: 64, maximum: 8192))
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try DeadLinkOptions.apply(to: channel, userTimeout: configuration.tcpUserTimeout)
                    try shardsByLoop[ObjectIdentifier(channel.eventLoop)]!.value.adopt(channel)
                }
            }
        if let size = configuration.socketSendBufferBytes {
            bootstrap = bootstrap.childChannelOption(.socketOption(.so_sndbuf), value: SocketOptionValue(size))
        }

        let serverChannel: Channel
        do {
            serverChannel = try await bootstrap.bind(host: configuration.host, port: configuration.port).get()
        } catch {
            await Self.detach(shards)
            try? await group.shutdownGracefully()
            throw failedStart(Self.bindError(error, host: configuration.host, port: configuration.port))
        }
        let port = serverChannel.localAddress?.port ?? configuration.port
        var metricsChannel: Channel?
        if let metricsPort = configuration.metricsPort {
            do {
                metricsChannel = try await MetricsEndpoint.bind(
                    host: configuration.host, port: metricsPort, limits: configuration.metricsLimits, group: group
                ) {
                    [weak self] in await self?.renderMetrics() ?? []
                }
            } catch {
                try? await serverChannel.close()
                await Self.detach(shards)
                try? await group.shutdownGracefully()
                var bindError = Self.bindError(error, host: configuration.host, port: metricsPort)
                if case .addressInUse(let host, let port) = bindError { bindError = .metricsAddressInUse(host: host, port: port) }
                throw failedStart(bindError)
            }
        }
        runtime = Runtime(
            group: group, serverChannel: serverChannel, shards: shards, registry: registry, port: port,
            metricsChannel: metricsChannel,
            gateway: GameGateway(group: group, shards: shards, throttle: throttle, configuration: configuration, logger: logger)
        )
        let now = NIODeadline.now()
        lastSample = Sample(counters: ServerCounters(), at: now)
        lastLogSample = lastSample
        setState(.running(port: port))
        logger.info("Listening on \(configuration.host):\(port) with \(threads) event loop\(threads == 1 ? "" : "s")")
        if let metricsPort = metricsChannel?.localAddress?.port {
            logger.info("Metrics at http://\(configuration.host):\(metricsPort)/metrics")
        }
        if let interval = configuration.statsInterval {
            statsTask = Task { [weak self] in
                while !Task.isCancelled {
                    try? await Task.sleep(nanoseconds: UInt64(max(interval.nanoseconds, 1_000_000)))
                    guard !Task.isCancelled, let self else { return }
                    await self.logStats()
                }
            }
        }
        return port
    }

    /// Graceful: stop accepting, PLAYER_LOGOUT (reason "server shutting down") to every
    /// player, flush, close; returns when done (bounded by the grace period, well under
    /// 2 s). Idempotent.
    public func shutdown() async {
        while case .starting = state {
            // A start in flight: let it finish, then shut it down.
            await nextStateChange()
        }
        switch state {
        case .idle:
            setState(.stopped)
        case .starting, .stopped:
            return
        case .shuttingDown:
            _ = await shutdownTask?.value
        case .running:
            guard let runtime else { return }
            setState(.shuttingDown)
            statsTask?.cancel()
            statsTask = nil
            logger.info("Shutting down: \(runtime.registry.count) player\(runtime.registry.count == 1 ? "" : "s") online")
            let task = Task { await Self.stop(runtime) }
            shutdownTask = task
            finalCounters = await task.value
            self.runtime = nil
            setState(.stopped)
            logger.info("Server stopped")
        }
    }

    /// The `Service` entry point: starts the server unless it runs already (throwing a
    /// ``ServerError`` if it cannot), serves until the task is cancelled or its
    /// `ServiceGroup` shuts down gracefully, then shuts down as ``shutdown()`` does and
    /// returns. Also returns once someone else calls ``shutdown()``.
    public func run() async throws {
        if case .idle = state {
            _ = try await start()
        }
        await withTaskCancellationOrGracefulShutdownHandler {
            while state != .stopped {
                await nextStateChange()
            }
        } onCancelOrGracefulShutdown: {
            Task { await self.shutdown() }
        }
    }

    /// The bound port once the server listens, waiting for a start in progress (e.g. by
    /// ``run()``); throws the start's ``ServerError`` if it failed, and
    /// ``ServerError/notRunning`` once the server has stopped.
    public func listeningPort() async throws(ServerError) -> Int {
        while true {
            switch state {
            case .running(let port):
                return port
            case .shuttingDown, .stopped:
                throw .notRunning
            case .idle:
                if let startError { throw startError }
                await nextStateChange()
            case .starting:
                await nextStateChange()
            }
        }
    }

    /// The way in for a gateway in this process (the SSH server), once the server
    /// listens; throws as ``listeningPort()`` does.
    public func gateway() async throws(ServerError) -> GameGateway {
        _ = try await listeningPort()
        guard let gateway = runtime?.gateway else { throw .notRunning }
        return gateway
    }

    /// A snapshot of the counters (players online, logins, frames in/out, disconnects by
    /// reason). The per-second rates cover the time since the previous call.
    public func stats() async -> ServerStats {
        let counters = await gather()
        let now = NIODeadline.now()
        let stats = Self.stats(counters, since: lastSample, now: now)
        lastSample = Sample(counters: counters, at: now)
        return stats
    }

    /// Sends `message` to every logged-in player, on every loop, through the one path any
    /// message for all players takes (``FanOut``'s broadcast; a player's own message for
    /// the others goes the same way from its shard). Nothing when the server is not running.
    public func broadcast(_ message: WireMessage) async {
        guard let shard = runtime?.shards.first else { return }
        try? await shard.eventLoop.submit { shard.value.fanOut.broadcast(message, except: nil) }.get()
    }

    /// The counters in Prometheus's text format, as `GET /metrics` returns them.
    public func renderMetrics() async -> [UInt8] {
        metrics.publish(await gather())
        return metrics.render()
    }

    // MARK: - Internals

    private func setState(_ new: State) {
        state = new
        let waiters = stateWaiters
        stateWaiters = []
        for waiter in waiters { waiter.resume() }
    }

    private func nextStateChange() async {
        await withCheckedContinuation { stateWaiters.append($0) }
    }

    /// Back to idle after a failed start; the error is kept for ``listeningPort()``.
    private func failedStart(_ error: ServerError) -> ServerError {
        startError = error
        setState(.idle)
        return error
    }

}
