#if canImport(Glibc)
import Glibc
#endif
import Messages
import Net
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// Drives `mousy load`: logs in many players, keeps them busy for a bounded time, says
/// goodbye for each, and reports what it measured. Bounded in count and time: it stops
/// by itself at the end of the configured duration, or earlier on ``requestStop()``.
public final class LoadGenerator: Sendable {
    /// A progress snapshot, about once a second.
    public struct Progress: Sendable {
        public var elapsed: Double
        public var loggedIn: Int
        public var settled: Int
        public var framesSent: Int
        public var framesReceived: Int
        /// Refused logins, and by kind (the reason without its figures).
        public var refused: Int
        public var refusals: [String: Int]
        public var connectFailed: Int
        /// Connections answered with bytes that are not game frames.
        public var notAGame: Int
        /// Seconds until the run ends by itself.
        public var remaining: Double
    }

    public let configuration: LoadConfiguration
    private let group: any EventLoopGroup
    let counters = LoadCounters()  // internal: tests wait on it
    private let players = NIOLockedValueBox<[NIOLoopBound<LoadPlayer>]>([])
    private let stopRequested = NIOLockedValueBox(false)
    /// Set once every player was told to leave: a player the ramp had not started yet never starts.
    private let leaving = NIOLockedValueBox(false)

    public init(configuration: LoadConfiguration, group: any EventLoopGroup) {
        self.configuration = configuration
        self.group = group
    }

    /// Ends the run early (e.g. on Ctrl-C); the report covers what ran.
    public func requestStop() {
        stopRequested.withLockedValue { $0 = true }
    }

    /// Runs the whole load, blocking the calling thread (never an event loop's).
    public func run(progress: (Progress) -> Void) -> LoadReport {
        let config = configuration
        let flood = Self.floodFrames()
        let clocks = makeClocks()
        let start = NIODeadline.now()
        let end = start + config.duration

        for index in 0..<config.clients {
            let offset = config.clients > 1 ? config.ramp.nanoseconds * Int64(index) / Int64(config.clients) : 0
            let loop = group.next()
            if offset == 0 {
                loop.execute { [self] in self.start(index: index, on: loop, flood: flood, clocks: clocks) }
            } else {
                loop.scheduleTask(deadline: start + .nanoseconds(offset)) { [self] in
                    self.start(index: index, on: loop, flood: flood, clocks: clocks)
                }
            }
        }

        var loginPhaseEnded: NIODeadline?
        var loginsDone: (at: NIODeadline, sent: Int, received: Int, online: Int, objects: Int)?
        // A second of warm-up, or a fifth of a short run.
        let warmUp = TimeAmount.nanoseconds(min(1_000_000_000, config.duration.nanoseconds / 5))
        var lastProgress = start
        while NIODeadline.now() < end, !stopRequested.withLockedValue({ $0 }) {
            usleep(20_000)
            // Every connection already over (refused, failed, dropped): nothing left to run.
            if counters.finished.load(ordering: .relaxed) >= config.clients { break }
            let now = NIODeadline.now()
            if loginPhaseEnded == nil, counters.loginsSettled >= config.clients {
                loginPhaseEnded = now
            }
            // Rates are measured after a warm-up, once socket buffers have filled: from
            // then on what is sent is what the server consumes.
            if loginsDone == nil, let ended = loginPhaseEnded, now >= ended + warmUp {
                loginsDone = (now, counters.framesSent.load(ordering: .relaxed), counters.framesReceived.load(ordering: .relaxed), online(),
                              counters.objects.load(ordering: .relaxed))
                counters.steady.store(true, ordering: .relaxed)
            }
            if now - lastProgress >= .seconds(1) {
                lastProgress = now
                progress(Progress(
                    elapsed: Double((now - start).nanoseconds) / 1e9,
                    loggedIn: counters.loggedIn.load(ordering: .relaxed),
                    settled: counters.loginsSettled,
                    framesSent: counters.framesSent.load(ordering: .relaxed),
                    framesReceived: counters.framesReceived.load(ordering: .relaxed),
                    refused: counters.refused.load(ordering: .relaxed),
                    refusals: counters.refusals,
                    connectFailed: counters.connectFailed.load(ordering: .relaxed),
                    notAGame: counters.notAGame.load(ordering: .relaxed),
                    remaining: max(0, Double((end - now).nanoseconds) / 1e9)
                ))
            }
        }
        let stoppedAt = NIODeadline.now()
        let sentAtEnd = counters.framesSent.load(ordering: .relaxed)
        let receivedAtEnd = counters.framesReceived.load(ordering: .relaxed)
        let objectsAtEnd = counters.objects.load(ordering: .relaxed)
        // No reconnects, and every login was in before the steady state began: the players
        // still online now are those held the whole steady state.
        let onlineAtEnd = online()
        let window = loginsDone ?? (start, 0, 0, 0, 0)

        leaveAll()

        let seconds = { (a: NIODeadline, b: NIODeadline) in Double((b - a).nanoseconds) / 1e9 }
        let measured = max(seconds(window.at, stoppedAt), 1e-9)
        let loginPhase = seconds(start, loginPhaseEnded ?? stoppedAt)
        let latencies = counters.collected
        let loggedIn = counters.loggedIn.load(ordering: .relaxed)
        let sentPerSecond = Double(sentAtEnd - window.sent) / measured
        let meanOnline = Double(window.online + onlineAtEnd) / 2
        return LoadReport(
            server: "\(config.host):\(config.port)" + (config.webClients > 0 ? " (\(config.webClients) over WebSocket to port \(config.webPort))" : ""),
            clients: config.clients,
            rateHz: config.rateHz,
            durationS: seconds(start, stoppedAt),
            loggedIn: loggedIn,
            refused: counters.refused.load(ordering: .relaxed),
            refusals: counters.refusals,
            connectFailed: counters.connectFailed.load(ordering: .relaxed),
            notAGame: counters.notAGame.load(ordering: .relaxed),
            lostBeforeLogin: counters.lostBeforeLogin.load(ordering: .relaxed),
            dropped: counters.dropped.load(ordering: .relaxed),
            pinged: counters.pinged.load(ordering: .relaxed),
            loginPhaseS: loginPhase,
            loginsPerSecond: Double(loggedIn) / max(loginPhase, 1e-9),
            measuredS: measured,
            framesSent: counters.framesSent.load(ordering: .relaxed),
            framesSentPerSecond: sentPerSecond,
            framesReceivedPerSecond: Double(receivedAtEnd - window.received) / measured,
            pingsReceived: counters.pings.load(ordering: .relaxed),
            cursorsReceived: counters.cursors.load(ordering: .relaxed),
            logoutsReceived: counters.logouts.load(ordering: .relaxed),
            pingCadenceError: .init(microseconds: latencies.steadyCadence),
            pingCadenceErrorWholeRun: .init(microseconds: latencies.cadence),
            roundTrip: .init(microseconds: latencies.steadyRoundTrip),
            visibilitySampledPlayers: latencies.visibilityPlayers,
            visibilitySampledSeconds: latencies.visibility.seconds,
            cursorsPerPlayerPerSecond: Self.perSecond(latencies.visibility.cursors, latencies.visibility.seconds),
            playersSeenPerSecond: Self.perSecond(latencies.visibility.distinct, latencies.visibility.seconds),
            visibleChurnPerSecond: Self.perSecond(latencies.visibility.entered, latencies.visibility.seconds),
            onlineAtSteadyStart: loginsDone == nil ? 0 : window.online,
            heldThroughSteadyState: loginsDone == nil ? 0 : onlineAtEnd,
            movesPerPlayerPerSecond: meanOnline > 0 ? sentPerSecond / meanOnline : 0,
            backlogSilences: counters.backlogSilences.load(ordering: .relaxed),
            draggers: min(config.draggers, config.clients),
            objectsReceived: objectsAtEnd,
            objectsPerPlayerPerSecond: meanOnline > 0 ? Double(objectsAtEnd - window.objects) / measured / meanOnline : 0
        )
    }

    /// Players logged in and not dropped (so far).
    private func online() -> Int {
        counters.loggedIn.load(ordering: .relaxed) - counters.dropped.load(ordering: .relaxed)
    }

    /// One move clock per event loop of the group, when players move at a fixed rate.
    private func makeClocks() -> [ObjectIdentifier: NIOLoopBound<MoveClock>] {
        guard let rateHz = configuration.rateHz, rateHz > 0 else { return [:] }
        let period = TimeAmount.nanoseconds(Int64(1e9 / rateHz))
        var clocks: [ObjectIdentifier: NIOLoopBound<MoveClock>] = [:]
        for loop in group.makeIterator() {
            // Made on its loop, the only place it is used (this thread is no loop's).
            let made = loop.submit { NIOLoopBound(MoveClock(eventLoop: loop, period: period), eventLoop: loop) }
            guard let clock = try? made.wait() else { continue }  // a loop already shut down: nobody plays on it
            clocks[ObjectIdentifier(loop)] = clock
        }
        return clocks
    }

    private static func perSecond(_ count: Int, _ seconds: Int) -> Double {
        seconds > 0 ? Double(count) / Double(seconds) : 0
    }

    /// Starts player `index` on `loop` (called there).
    private func start(index: Int, on loop: any EventLoop, flood: (ByteBuffer, Int), clocks: [ObjectIdentifier: NIOLoopBound<MoveClock>]) {
        guard !leaving.withLockedValue({ $0 }) else { return }
        let player = LoadPlayer(
            index: index, configuration: configuration, counters: counters, flood: flood,
            clock: clocks[ObjectIdentifier(loop)]?.value, eventLoop: loop)
        players.withLockedValue { $0.append(NIOLoopBound(player, eventLoop: loop)) }
        player.driver.start()
    }

    /// Every player says goodbye; waits (at most 10 s) for the connections to close.
    private func leaveAll() {
        leaving.withLockedValue { $0 = true }
        let started = players.withLockedValue { $0 }
        for player in started {
            player.eventLoop.execute { player.value.leave() }
        }
        let deadline = NIODeadline.now() + .seconds(10)
        let launched = { [counters] in counters.finished.load(ordering: .relaxed) }
        while launched() < configuration.clients, NIODeadline.now() < deadline {
            // Connections still being scheduled (a ramp cut short) never start: count them out.
            if players.withLockedValue({ $0.count }) == launched(),
               launched() < configuration.clients, stopRequested.withLockedValue({ $0 }) {
                break
            }
            usleep(10_000)
        }
        for player in players.withLockedValue({ $0 }) {
            player.eventLoop.execute { player.value.driver.currentChannel?.close(promise: nil) }
        }
    }

    /// About 64 KiB of MouseMove frames at points all over the world, with some clicks.
    static func floodFrames() -> (ByteBuffer, Int) {
        var buffer = ByteBufferAllocator().buffer(capacity: 70_000)
        var frames = 0
        var rng = SystemRandomNumberGenerator()
        while buffer.readableBytes < 64 * 1024 {
            var move = MouseMove()
            move.x = Int32.random(in: 0..<800, using: &rng)
            move.y = Int32.random(in: 0..<600, using: &rng)
            move.leftClick = frames % 50 < 5
            try! Frame.encode(.mouseMove(move), into: &buffer)
            frames += 1
        }
        return (buffer, frames)
    }
}
