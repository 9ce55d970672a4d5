import Messages
import Net
import NIOCore

/// One simulated player of `mousy load`: logs in, bounces pings, sends MouseMove at the
/// configured rate (or as fast as the socket takes), and reads everything it is sent. The
/// session's rules (login, refusal, silence) are Net's ``ClientSession``, without reconnects.
///
/// Its ``LoadFrameDecoder`` only counts the cursor frames of a player that is not sampled
/// for the visible-set statistics; its moves are driven by its event loop's ``MoveClock``.
final class LoadClientHandler: ChannelInboundHandler, RemovableChannelHandler, MoveClock.Mover {
    typealias InboundIn = WireMessage
    typealias OutboundOut = ByteBuffer

    private let index: Int
    private let configuration: LoadConfiguration
    private let counters: LoadCounters
    /// Pre-encoded MouseMove frames for full-speed sending, and how many it holds.
    private let flood: (buffer: ByteBuffer, frames: Int)
    private let silence: SilenceHandler
    /// What this player's decoder skipped since the last read batch.
    private let skipped: SkippedFrames
    /// Drives the moves at a fixed rate (nil: idle, or full speed).
    private let clock: MoveClock?
    private var session: ClientSession
    /// The interval the server announced (the session keeps it), else the configured one.
    private var pingInterval: TimeAmount {
        session.announcedPingInterval ?? configuration.defaultPingInterval
    }
    private var lastPingAt: NIODeadline?
    private var samples = LatencySamples()
    /// Kept by the first few players only (see `VisibilitySample`).
    private var visibility: VisibilitySample?
    private var context: ChannelHandlerContext?
    private var onClock = false
    private var step = 0
    private var receivedInBatch = 0
    private var cursorsInBatch = 0
    private var objectsInBatch = 0
    /// Set for the players that drag boxes (`LoadConfiguration.draggers`).
    private var dragger: BoxDragger?
    /// Logged in at some point: a later close is a drop.
    private var everPlayed = false
    /// Got bytes that are not game frames before logging in.
    private var sawForeignBytes = false
    /// A scheduled look at the kernel's receive queue, after a silence that was our backlog.
    private var silenceRecheck: Scheduled<Void>?

    init(
        index: Int,
        configuration: LoadConfiguration,
        counters: LoadCounters,
        flood: (ByteBuffer, Int),
        silence: SilenceHandler,
        skipped: SkippedFrames,
        clock: MoveClock?
    ) {
        self.index = index
        self.configuration = configuration
        self.counters = counters
        self.flood = flood
        self.silence = silence
        self.skipped = skipped
        self.clock = clock
        self.session = ClientSession(rules: ClientSession.Rules(
            server: ServerAddress(host: configuration.host, port: configuration.port),
            username: "\(configuration.userPrefix)\(index)",
            password: configuration.password,
            reconnect: false
        ))
        if Self.isSampled(index) { visibility = VisibilitySample() }
        if index < configuration.draggers { dragger = BoxDragger(index: index) }
    }

    /// Whether player `index` keeps a visible-set sample (and so decodes its cursor frames).
    static func isSampled(_ index: Int) -> Bool {
        index < VisibilitySample.sampledPlayers
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        leaveClock()
        self.context = nil
    }

    private var isPlaying: Bool {
        if case .loggedIn = session.state { true } else { false }
    }

    /// Cursor frames count while the session takes them (as ``ClientSession`` posts them).
    private var takesCursors: Bool {
        switch session.state {
        case .awaitingLogin, .loggedIn: true
        default: false
        }
    }

    func channelActive(context: ChannelHandlerContext) {
        _ = session.start()  // the generator has connected already
        perform(session.connected(), context: context)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        receivedInBatch += 1
        perform(session.received(unwrapInboundIn(data)), context: context)
    }

    /// Carries out the session's actions.
    private func perform(_ actions: [ClientSession.Action], context: ChannelHandlerContext) {
        var wrote = false
        for action in actions {
            switch action {
            case .send(let message):
                write(message, context: context)
                wrote = true
            case .bounce(var ping):
                bounce(&ping)
                write(.ping(ping), context: context)
                wrote = true
            case .close:
                if wrote { context.flush() }
                wrote = false
                context.close(promise: nil)
            case .closeGracefully:
                let channel = context.channel
                context.writeAndFlush(wrapOutboundOut(ByteBuffer())).whenComplete { _ in
                    channel.close(promise: nil)
                }
                wrote = false
            case .watchSilence(let limit):
                silence.watch(limit)
            case .post(let event):
                handle(event, context: context)
            case .connect, .scheduleReconnect, .cancelReconnect, .finish:
                break  // no reconnects here: one connection per player
            }
        }
        if wrote { context.flush() }
    }

    private func handle(_ event: ClientEvent, context: ChannelHandlerContext) {
        switch event {
        case .loggedIn:
            everPlayed = true
            startPlaying(context: context)
        case .refused(let reason):
            counters.refused(reason)
        case .disconnected:
            if everPlayed {
                counters.dropped.wrappingIncrement(ordering: .relaxed)
            } else if !sawForeignBytes {
                counters.lostBeforeLogin.wrappingIncrement(ordering: .relaxed)
            }
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
        case .connecting, .ping, .message, .reconnecting, .stopped:
            // A handed-through message is for a screen: the load generator has none.
            break
        }
    }

    /// Stamps a ping for its bounce, and measures the cadence and round trip.
    private func bounce(_ ping: inout Ping) {
        let now = NIODeadline.now()
        let steady = counters.steady.load(ordering: .relaxed)
        if let last = lastPingAt {
            let gap = (now - last).nanoseconds
            let error = UInt64(abs(gap - pingInterval.nanoseconds) / 1000)
            samples.cadence.append(error)
            if steady { samples.steadyCadence.append(error) }
        } else {
            counters.pinged.wrappingIncrement(ordering: .relaxed)
        }
        lastPingAt = now
        if steady, ping.rttUs > 0 { samples.steadyRoundTrip.append(UInt64(ping.rttUs)) }
        counters.pings.wrappingIncrement(ordering: .relaxed)
        ping.bounceEpoch = Epoch.nowMicros()
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        let (skippedFrames, skippedCursors, skippedObjects) = skipped.take()
        if takesCursors { cursorsInBatch += skippedCursors }
        objectsInBatch += skippedObjects
        if objectsInBatch > 0 { counters.objects.wrappingIncrement(by: objectsInBatch, ordering: .relaxed) }
        objectsInBatch = 0
        counters.framesReceived.wrappingIncrement(by: receivedInBatch + skippedFrames, ordering: .relaxed)
        if cursorsInBatch > 0 { counters.cursors.wrappingIncrement(by: cursorsInBatch, ordering: .relaxed) }
        receivedInBatch = 0
        cursorsInBatch = 0
        if silenceRecheck != nil {
            // Reading again after a silence that was our own backlog: the usual check resumes.
            silenceRecheck?.cancel()
            silenceRecheck = nil
            if let limit = session.silenceLimit { silence.watch(limit) }
        }
        context.fireChannelReadComplete()
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if configuration.rateHz == 0 { pump(context: context) }
        context.fireChannelWritabilityChanged()
    }

    func channelInactive(context: ChannelHandlerContext) {
        leaveClock()
        silenceRecheck?.cancel()
        silenceRecheck = nil
        // Closed before any answer: the original server's way of refusing (counted as
        // refused); closed while playing: dropped.
        perform(session.closed(), context: context)
        if let visibility { samples.visibility.add(visibility) }
        counters.add(samples)
        counters.finished.wrappingIncrement(ordering: .relaxed)
        context.fireChannelInactive()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is SilenceHandler.Silent {
            checkSilence(context: context)
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        if error is FrameError, !everPlayed, !sawForeignBytes {
            // Bytes that are not game frames before any answer: not a game server.
            sawForeignBytes = true
            counters.notAGame.wrappingIncrement(ordering: .relaxed)
        }
        session.failed(reason: "\(error)")
        context.close(promise: nil)
    }

    /// Nothing was read for the silence limit. That is the server's silence only if the
    /// kernel has nothing unread for us either and has received nothing for as long; else it
    /// is this process's own backlog: counted, and looked at again when the limit would pass.
    private func checkSilence(context: ChannelHandlerContext) {
        guard let limit = session.silenceLimit else { return }
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        ReceiveQueue.read(context.channel).whenComplete { result in
            let (handler, context) = bound.value
            guard context.channel.isActive else { return }
            guard case .success(let queue) = result, !queue.serverSilent(for: limit) else {
                handler.perform(handler.session.fellSilent(), context: context)
                return
            }
            handler.counters.backlogSilences.wrappingIncrement(ordering: .relaxed)
            let wait = max(limit - queue.sinceLastData, .nanoseconds(limit.nanoseconds / 4))
            handler.silenceRecheck = context.eventLoop.scheduleTask(in: wait) {
                let (handler, context) = bound.value
                handler.silenceRecheck = nil
                handler.checkSilence(context: context)
            }
        }
    }

    /// Says goodbye and closes, at the end of the run.
    func leave(context: ChannelHandlerContext) {
        leaveClock()
        let actions = session.quit()
        perform(actions, context: context)
        if !actions.contains(.closeGracefully) { context.close(promise: nil) }
    }

    private func startPlaying(context: ChannelHandlerContext) {
        counters.loggedIn.wrappingIncrement(ordering: .relaxed)
        guard let rateHz = configuration.rateHz else { return }
        if rateHz == 0 {
            pump(context: context)
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
        guard let context, isPlaying, context.channel.isWritable else { return }
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
        write(.mouseMove(move), context: context)
        context.flush()
        counters.framesSent.wrappingIncrement(ordering: .relaxed)
    }

    /// Full speed: writes the pre-encoded frames while the channel takes them.
    private func pump(context: ChannelHandlerContext) {
        guard isPlaying else { return }
        var batches = 0
        while context.channel.isWritable, batches < 4 {
            context.write(wrapOutboundOut(flood.buffer), promise: nil)
            batches += 1
        }
        context.flush()
        counters.framesSent.wrappingIncrement(by: batches * flood.frames, ordering: .relaxed)
        if context.channel.isWritable {
            // Still writable: yield to other channels on this loop, then go on.
            let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
            context.eventLoop.execute {
                let (handler, context) = loopBound.value
                handler.pump(context: context)
            }
        }
    }

    private func write(_ message: WireMessage, context: ChannelHandlerContext) {
        // Moves and bounces are short; a login may reach the frame limit.
        var buffer = context.channel.allocator.buffer(capacity: 32)
        // Only login names we make and fixed-size messages: always within a frame.
        try! Frame.encode(message, into: &buffer)
        context.write(wrapOutboundOut(buffer), promise: nil)
    }
}
