import Logging
import Messages
import Net
import NIOCore

/// One simulated player of `mousy load`: a Net ``SessionDriver`` (without reconnects)
/// that logs in, bounces pings and reads everything it is sent, with this player's own
/// counting around it: frames per read batch, ping cadence and round trips, and moves at
/// the configured rate (driven by its event loop's ``MoveClock``), or as fast as the
/// socket takes (pre-encoded frames, written past the encoder).
///
/// Its ``LoadFrameDecoder`` (a ``LoadWebSocketCodec`` for a `--web` player) only counts
/// the cursor frames of a player that is not sampled for the visible-set statistics. Lives on, and is only touched from, its event loop.
final class LoadPlayer: SessionSink, MoveClock.Mover {
    private let index: Int
    private let configuration: LoadConfiguration
    private let counters: LoadCounters
    /// Pre-encoded MouseMove frames for full-speed sending, and how many it holds.
    private let flood: (buffer: ByteBuffer, frames: Int)
    /// What this player's decoder skipped since the last read batch.
    private let skipped = SkippedFrames()
    /// Drives the moves at a fixed rate (nil: idle, or full speed).
    private let clock: MoveClock?
    /// Set right after init (the driver needs its sink first).
    private(set) var driver: SessionDriver!
    private var lastPingAt: NIODeadline?
    private var samples = LatencySamples()
    /// Kept by the first few players only (see `VisibilitySample`).
    private var visibility: VisibilitySample?
    private var onClock = false
    private var step = 0
    private var cursorsInBatch = 0
    private var objectsInBatch = 0
    /// Set for the players that drag boxes (`LoadConfiguration.draggers`).
    private var dragger: BoxDragger?
    /// Logged in at some point: a later close is a drop.
    private var everPlayed = false
    /// A scheduled look at the kernel's receive queue, after a silence that was our backlog.
    private var silenceRecheck: Scheduled<Void>?

    init(index: Int, configuration: LoadConfiguration, counters: LoadCounters, flood: (ByteBuffer, Int),
         clock: MoveClock?, eventLoop: any EventLoop) {
        self.index = index
        self.configuration = configuration
        self.counters = counters
        self.flood = flood
        self.clock = clock
        if Self.isSampled(index) { visibility = VisibilitySample() }
        if index < configuration.draggers { dragger = BoxDragger(index: index) }
        var logger = Logger(label: "mousy.load")
        logger.logLevel = .error
        var options = SessionDriver.Options(
            rules: ClientSession.Rules(
                server: ServerAddress(host: configuration.host, port: configuration.port),
                username: "\(configuration.userPrefix)\(index)",
                password: configuration.password,
                reconnect: false
            ),
            connector: Self.connector(configuration, index: index),
            loginTimeout: nil,  // a loaded server may take long: the silence limit bounds it
            tap: configuration.tap,
            logger: logger
        )
        let (skipped, decodesCursors, decodesObjects) = (skipped, Self.isSampled(index), index < configuration.draggers)
        if index < configuration.webClients {
            options.decoder = { LoadWebSocketCodec(decodesCursors: decodesCursors, decodesObjects: decodesObjects, skipped: skipped) }
        } else {
            options.decoder = {
                LoadFrameDecoder.handler(decodesCursors: decodesCursors, decodesObjects: decodesObjects, skipped: skipped)
            }
        }
        driver = SessionDriver(options: options, eventLoop: eventLoop, sink: self)
    }

    private static func connector(_ configuration: LoadConfiguration, index: Int) -> SessionConnector {
        let sources = configuration.sourceAddresses
        let source = sources.isEmpty ? nil : try? SocketAddress(ipAddress: sources[index % sources.count], port: 0)
        if index < configuration.webClients {
            return LoadWebSocket.connector(
                host: configuration.host, port: configuration.webPort, connectTimeout: configuration.connectTimeout, source: source)
        }
        // A small kernel send buffer keeps a full-speed sender's backlog (and so the delay
        // of its ping bounces and goodbye) short.
        return .tcp(
            ServerAddress(host: configuration.host, port: configuration.port),
            connectTimeout: configuration.connectTimeout,
            sendBufferBytes: 128 * 1024
        ) { bootstrap in
            // Reads of up to 64 KiB: a player behind thousands of movers catches up in few reads.
            let bootstrap = bootstrap.channelOption(
                .recvAllocator, value: AdaptiveRecvByteBufferAllocator(minimum: 1024, initial: 16 * 1024, maximum: 64 * 1024))
            return source.map { bootstrap.bind(to: $0) } ?? bootstrap
        }
    }

    /// Whether player `index` keeps a visible-set sample (and so decodes its cursor frames).
    static func isSampled(_ index: Int) -> Bool {
        index < VisibilitySample.sampledPlayers
    }

    private var isPlaying: Bool {
        if case .loggedIn = driver.session.state { true } else { false }
    }

    /// Says goodbye and closes, at the end of the run.
    func leave() {
        leaveClock()
        driver.quit()
    }

    // MARK: The driver's events

    func driver(_ driver: SessionDriver, posted event: ClientEvent) {
        switch event {
        case .loggedIn:
            everPlayed = true
            startPlaying()
        case .refused(let reason):
            counters.refused(reason)
        case .disconnected:
            leaveClock()
            if everPlayed {
                counters.dropped.wrappingIncrement(ordering: .relaxed)
            } else {
                switch driver.failure {
                case .nothingListening, .unreachable: counters.connectFailed.wrappingIncrement(ordering: .relaxed)
                case .notAGameServer: counters.notAGame.wrappingIncrement(ordering: .relaxed)
                case .loginUnanswered, .silent, .broken, nil: counters.lostBeforeLogin.wrappingIncrement(ordering: .relaxed)
                }
            }
        case .ping(let report):
            measure(report)
        case .cursor(let cursor):
            cursorsInBatch += 1
            if visibility != nil, counters.steady.load(ordering: .relaxed) {
                visibility?.record(cursor.username, at: .now())
            }
        case .playerLeft:
            counters.logouts.wrappingIncrement(ordering: .relaxed)
        case .message(.gameObject(let object)):
            objectsInBatch += 1  // decoded only for a dragger; the others' are counted as skipped
            dragger?.saw(object)
        case .stopped:
            leaveClock()
            silenceRecheck?.cancel()
            silenceRecheck = nil
            if let visibility { samples.visibility.add(visibility) }
            counters.add(samples)
            counters.finished.wrappingIncrement(ordering: .relaxed)
        case .connecting, .message, .reconnecting:
            // A handed-through message is for a screen: the load generator has none.
            break
        }
    }

    func driver(_ driver: SessionDriver, readBatchOf frames: Int) {
        let (skippedFrames, skippedCursors, skippedObjects) = skipped.take()
        // Cursor frames count while the session takes them (as ClientSession posts them).
        switch driver.session.state {
        case .awaitingLogin, .loggedIn: cursorsInBatch += skippedCursors
        default: break
        }
        objectsInBatch += skippedObjects
        if objectsInBatch > 0 { counters.objects.wrappingIncrement(by: objectsInBatch, ordering: .relaxed) }
        objectsInBatch = 0
        counters.framesReceived.wrappingIncrement(by: frames + skippedFrames, ordering: .relaxed)
        if cursorsInBatch > 0 { counters.cursors.wrappingIncrement(by: cursorsInBatch, ordering: .relaxed) }
        cursorsInBatch = 0
        if silenceRecheck != nil {
            // Reading again after a silence that was our own backlog: the usual check resumes.
            silenceRecheck?.cancel()
            silenceRecheck = nil
            driver.watchSilenceAgain()
        }
    }

    func driverBecameWritable(_ driver: SessionDriver) {
        if configuration.rateHz == 0 { pump() }
    }

    /// Nothing was read for the silence limit. That is the server's silence only if the
    /// kernel has nothing unread for us either and has received nothing for as long; else it
    /// is this process's own backlog: counted, and looked at again when the limit would pass.
    func driverFellSilent(_ driver: SessionDriver) {
        guard let limit = driver.session.silenceLimit, let channel = driver.currentChannel else { return }
        let bound = NIOLoopBound(self, eventLoop: driver.eventLoop)
        ReceiveQueue.read(channel).whenComplete { result in
            let player = bound.value
            guard channel.isActive else { return }
            guard case .success(let queue) = result, !queue.serverSilent(for: limit) else {
                player.driver.endSilentConnection()
                return
            }
            player.counters.backlogSilences.wrappingIncrement(ordering: .relaxed)
            let wait = max(limit - queue.sinceLastData, .nanoseconds(limit.nanoseconds / 4))
            player.silenceRecheck = channel.eventLoop.scheduleTask(in: wait) {
                let player = bound.value
                player.silenceRecheck = nil
                player.driverFellSilent(player.driver)
            }
        }
    }

    /// A ping the driver has bounced: measures the cadence and the round trip.
    private func measure(_ report: PingReport) {
        let now = NIODeadline.now()
        let steady = counters.steady.load(ordering: .relaxed)
        if let last = lastPingAt {
            let interval = driver.session.announcedPingInterval ?? configuration.defaultPingInterval
            let error = UInt64(abs((now - last).nanoseconds - interval.nanoseconds) / 1000)
            samples.cadence.append(error)
            if steady { samples.steadyCadence.append(error) }
        } else {
            counters.pinged.wrappingIncrement(ordering: .relaxed)
        }
        lastPingAt = now
        if steady, report.roundTripFromServer, let roundTrip = report.roundTripMicros { samples.steadyRoundTrip.append(roundTrip) }
        counters.pings.wrappingIncrement(ordering: .relaxed)
    }

    // MARK: Moving

    private func startPlaying() {
        counters.loggedIn.wrappingIncrement(ordering: .relaxed)
        guard let rateHz = configuration.rateHz else { return }
        if rateHz == 0 {
            pump()
        } else if let clock, !onClock {
            onClock = true
            clock.add(self)
        }
    }

    private func leaveClock() {
        guard onClock else { return }
        onClock = false
        clock?.remove(self)
    }

    /// This player's slot on the clock has come: one move.
    func moveDue() {
        guard isPlaying, driver.isWritable else { return }
        step &+= 1
        var move = MouseMove()
        if let dragged = dragger?.nextMove() {
            move = dragged
        } else {
            // Points of the 800 x 600 world (PROTOCOL.md, "World coordinates").
            move.x = Int32((index &* 7 &+ step &* 5) % 800)
            move.y = Int32((index &* 3 &+ step &* 2) % 600)
            move.leftClick = step % 20 < 2
        }
        driver.move(move)
        counters.framesSent.wrappingIncrement(ordering: .relaxed)
    }

    /// Full speed: writes the pre-encoded frames while the channel takes them.
    private func pump() {
        guard isPlaying else { return }
        var batches = 0
        while driver.isWritable, batches < 4 {
            driver.writeEncoded(flood.buffer)
            batches += 1
        }
        driver.flush()
        counters.framesSent.wrappingIncrement(by: batches * flood.frames, ordering: .relaxed)
        if driver.isWritable {
            // Still writable: yield to other channels on this loop, then go on.
            driver.eventLoop.assumeIsolated().execute { self.pump() }
        }
    }
}
