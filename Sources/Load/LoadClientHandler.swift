import Messages
import Net
import NIOCore

/// One simulated player of `mousy load`: logs in, bounces pings, sends MouseMove at the
/// configured rate (or as fast as the socket takes), and reads everything it is sent. The
/// session's rules (login, refusal, silence) are Net's ``ClientSession``, without reconnects.
final class LoadClientHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = WireMessage
    typealias OutboundOut = ByteBuffer

    private let index: Int
    private let configuration: LoadConfiguration
    private let counters: LoadCounters
    /// Pre-encoded MouseMove frames for full-speed sending, and how many it holds.
    private let flood: (buffer: ByteBuffer, frames: Int)
    private let silence: SilenceHandler
    private var session: ClientSession
    /// The interval the server announced (the session keeps it), else the configured one.
    private var pingInterval: TimeAmount {
        session.announcedPingInterval ?? configuration.defaultPingInterval
    }
    private var lastPingAt: NIODeadline?
    private var samples = LatencySamples()
    /// Kept by the first few players only (see `VisibilitySample`).
    private var visibility: VisibilitySample?
    private var ticker: RepeatedTask?
    private var step = 0
    private var receivedInBatch = 0

    init(
        index: Int,
        configuration: LoadConfiguration,
        counters: LoadCounters,
        flood: (ByteBuffer, Int),
        silence: SilenceHandler
    ) {
        self.index = index
        self.configuration = configuration
        self.counters = counters
        self.flood = flood
        self.silence = silence
        self.session = ClientSession(rules: ClientSession.Rules(
            server: ServerAddress(host: configuration.host, port: configuration.port),
            username: "\(configuration.userPrefix)\(index)",
            password: configuration.password,
            reconnect: false
        ))
        if index < VisibilitySample.sampledPlayers { visibility = VisibilitySample() }
    }

    private var isPlaying: Bool {
        if case .loggedIn = session.state { true } else { false }
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
            startPlaying(context: context)
        case .refused:
            counters.refused.wrappingIncrement(ordering: .relaxed)
        case .disconnected:
            counters.dropped.wrappingIncrement(ordering: .relaxed)
        case .cursor(let cursor):
            counters.cursors.wrappingIncrement(ordering: .relaxed)
            if visibility != nil, counters.steady.load(ordering: .relaxed) {
                visibility?.record(cursor.username, at: .now())
            }
        case .playerLeft:
            counters.logouts.wrappingIncrement(ordering: .relaxed)
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
        counters.framesReceived.wrappingIncrement(by: receivedInBatch, ordering: .relaxed)
        receivedInBatch = 0
        context.fireChannelReadComplete()
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if configuration.rateHz == 0 { pump(context: context) }
        context.fireChannelWritabilityChanged()
    }

    func channelInactive(context: ChannelHandlerContext) {
        ticker?.cancel()
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
            perform(session.fellSilent(), context: context)
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        session.failed(reason: "\(error)")
        context.close(promise: nil)
    }

    /// Says goodbye and closes, at the end of the run.
    func leave(context: ChannelHandlerContext) {
        ticker?.cancel()
        let actions = session.quit()
        perform(actions, context: context)
        if !actions.contains(.closeGracefully) { context.close(promise: nil) }
    }

    private func startPlaying(context: ChannelHandlerContext) {
        counters.loggedIn.wrappingIncrement(ordering: .relaxed)
        guard let rateHz = configuration.rateHz else { return }
        if rateHz == 0 {
            pump(context: context)
        } else {
            let period = TimeAmount.nanoseconds(Int64(1e9 / rateHz))
            let jitter = TimeAmount.nanoseconds(Int64.random(in: 0..<max(1, period.nanoseconds)))
            let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
            ticker = context.eventLoop.scheduleRepeatedTask(initialDelay: jitter, delay: period) { _ in
                let (handler, context) = loopBound.value
                handler.sendOneMove(context: context)
            }
        }
    }

    private func sendOneMove(context: ChannelHandlerContext) {
        guard isPlaying, context.channel.isWritable else { return }
        step &+= 1
        var move = MouseMove()
        // Points of the 800 x 600 world (PROTOCOL.md, "World coordinates").
        move.x = Int32((index &* 7 &+ step &* 5) % 800)
        move.y = Int32((index &* 3 &+ step &* 2) % 600)
        move.leftClick = step % 20 < 2
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
        var buffer = context.channel.allocator.buffer(capacity: Frame.maximumFrameLength)
        // Only login names we make and fixed-size messages: always within a frame.
        try! Frame.encode(message, into: &buffer)
        context.write(wrapOutboundOut(buffer), promise: nil)
    }
}
