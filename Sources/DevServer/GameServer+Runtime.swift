import Logging
import Messages
import NIOCore
import NIOPosix
import ServiceLifecycle

#if canImport(Glibc)
import Glibc
#endif

/// The server's parts made, checked, measured and stopped: its shards, its settings, its
/// figures and the sentence for a port it cannot listen on.
extension GameServer {
    func logStats() async {
        let counters = await gather()
        // Only news: an idle server (or one whose players only bounce pings) stays quiet.
        guard ServerStats.changed(from: lastLogSample?.counters, to: counters) else { return }
        let now = NIODeadline.now()
        logger.info("Stats: \(Self.stats(counters, since: lastLogSample, now: now))")
        lastLogSample = Sample(counters: counters, at: now)
    }

    func gather() async -> ServerCounters {
        guard let runtime else { return finalCounters ?? ServerCounters() }
        var total = ServerCounters()
        for shard in runtime.shards {
            if let counters = try? await shard.eventLoop.submit({ shard.value.counters }).get() {
                total = total + counters
            }
        }
        return total
    }

    static func stats(_ counters: ServerCounters, since sample: Sample?, now: NIODeadline) -> ServerStats {
        var stats = ServerStats()
        stats.counters = counters
        stats.pingLateness = counters.pingLateness.subtracting(sample?.counters.pingLateness ?? .latency())
        stats.roundTrip = counters.roundTrip.subtracting(sample?.counters.roundTrip ?? .latency())
        if let sample {
            let seconds = Double((now - sample.at).nanoseconds) / 1e9
            if seconds > 0 {
                stats.framesInPerSecond = Double(counters.framesIn - sample.counters.framesIn) / seconds
                stats.framesOutPerSecond = Double(counters.framesOut - sample.counters.framesOut) / seconds
            }
        }
        return stats
    }

    static func stop(_ runtime: Runtime) async -> ServerCounters {
        runtime.registry.close()
        try? await runtime.metricsChannel?.close()
        try? await runtime.serverChannel.close()
        let closed = runtime.shards.map { shard in shard.eventLoop.flatSubmit { shard.value.shutdown() } }
        _ = try? await EventLoopFuture.whenAllComplete(closed, on: runtime.group.next()).get()
        await detach(runtime.shards)
        var total = ServerCounters()
        for shard in runtime.shards {
            if let counters = try? await shard.eventLoop.submit({ shard.value.counters }).get() {
                total = total + counters
            }
        }
        try? await runtime.group.shutdownGracefully()
        return total
    }

    /// One shard per loop, each made on its loop and used only there; every fan-out knows
    /// every loop's before the server accepts.
    static func makeShards(
        on group: MultiThreadedEventLoopGroup,
        configuration: ServerConfiguration,
        registry: PlayerRegistry,
        throttle: LoginThrottle,
        logger: Logger
    ) async throws -> [NIOLoopBound<PlayerShard>] {
        var shards: [NIOLoopBound<PlayerShard>] = []
        var peers: [NIOLoopBound<FanOut>] = []
        for loop in group.makeIterator() {
            let (shard, fanOut) = try await loop.submit {
                let shard = PlayerShard(
                    loop: loop, configuration: configuration, registry: registry, throttle: throttle, logger: logger
                )
                return (NIOLoopBound(shard, eventLoop: loop), NIOLoopBound(shard.fanOut, eventLoop: loop))
            }.get()
            shards.append(shard)
            peers.append(fanOut)
        }
        for shard in shards {
            try await shard.eventLoop.submit { [peers] in shard.value.start(peers: peers) }.get()
        }
        try await ShapeService.install(on: shards, configuration: configuration)
        return shards
    }

    /// Breaks the cycle between the loops' fan-outs (each holds every one), each on its loop.
    static func detach(_ shards: [NIOLoopBound<PlayerShard>]) async {
        for shard in shards {
            try? await shard.eventLoop.submit { shard.value.detach() }.get()
        }
    }

    func validate(_ configuration: ServerConfiguration) throws(ServerError) {
        func check(_ condition: Bool, _ what: String) throws(ServerError) {
            if !condition { throw ServerError.invalidConfiguration(what) }
        }
        try check((0...65_535).contains(configuration.port), "the port must be 0 to 65535")
        try check((0...65_535).contains(configuration.metricsPort ?? 0), "the metrics port must be 0 to 65535")
        try check(configuration.metricsLimits.isValid, "the metrics caps must be at least 1 and its idle timeout positive")
        try check(configuration.maxPlayers >= 1, "max players must be at least 1")
        try check(configuration.maxVisible >= 1, "max visible must be at least 1")
        try check(configuration.pingInterval.nanoseconds >= 1_000_000, "the ping interval must be at least 1 ms")
        try check(configuration.tickInterval.nanoseconds >= 1_000_000, "the tick interval must be at least 1 ms")
        try check(configuration.loginTimeout.nanoseconds > 0, "the login timeout must be positive")
        if let timeout = configuration.pingTimeout {
            try check(timeout.nanoseconds > 0, "the ping timeout must be positive")
        }
        if let timeout = configuration.tcpUserTimeout {
            try check(timeout.nanoseconds >= 1_000_000, "the TCP user timeout must be at least 1 ms")
        }
        try check(configuration.maxOutboundBytes >= 1024, "the outbound buffer bound must be at least 1024 bytes")
        try check((0...100_000).contains(configuration.shapes), "shapes must be 0 to 100000")
        try check(configuration.shapeTickInterval.nanoseconds >= 1_000_000, "the shape tick interval must be at least 1 ms")
    }

    static func bindError(_ error: Error, host: String, port: Int) -> ServerError {
        if let error = error as? IOError {
            if error.errnoCode == EADDRINUSE { return .addressInUse(host: host, port: port) }
            return .cannotListen(host: host, port: port, reason: String(cString: strerror(error.errnoCode)))
        }
        if error is SocketAddressError || error is SocketAddressError.UnknownHost {
            return .cannotListen(host: host, port: port, reason: "'\(host)' is not an IP address or a host name that resolves")
        }
        return .cannotListen(host: host, port: port, reason: "\(error)")
    }
}
