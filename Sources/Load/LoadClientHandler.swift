import Messages
import NIOCore

/// One simulated player of `mousy load`: logs in, bounces pings, sends MouseMove at the
/// configured rate (or as fast as the socket takes), and reads everything it is sent.
final class LoadClientHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = WireMessage
    typealias OutboundOut = ByteBuffer

    private enum State {
        case connecting
        case awaitingLogin
        case playing
        case leaving
    }

    private let index: Int
    private let configuration: LoadConfiguration
    private let counters: LoadCounters
    /// Pre-encoded MouseMove frames for full-speed sending, and how many it holds.
    private let flood: (buffer: ByteBuffer, frames: Int)
    private var state = State.connecting
    private var pingInterval: TimeAmount
    private var lastPingAt: NIODeadline?
    private var samples = LatencySamples()
    private var ticker: RepeatedTask?
    private var step = 0
    private var receivedInBatch = 0

    init(index: Int, configuration: LoadConfiguration, counters: LoadCounters, flood: (ByteBuffer, Int)) {
        self.index = index
        self.configuration = configuration
        self.counters = counters
        self.flood = flood
        self.pingInterval = configuration.defaultPingInterval
    }

    func channelActive(context: ChannelHandlerContext) {
        var login = PlayerLogin()
        login.username = "\(configuration.userPrefix)\(index)"
        login.password = configuration.password
        state = .awaitingLogin
        write(.playerLogin(login), context: context)
        context.flush()
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        receivedInBatch += 1
        switch unwrapInboundIn(data) {
        case .loginResult(let result):
            guard case .awaitingLogin = state else { return }
            if result.ok {
                if result.pingIntervalMs > 0 { pingInterval = .milliseconds(Int64(result.pingIntervalMs)) }
                startPlaying(context: context)
            } else {
                counters.refused.wrappingIncrement(ordering: .relaxed)
                state = .leaving
                context.close(promise: nil)
            }
        case .ping(var ping):
            // An original server sends no LOGIN_RESULT: its first ping means logged in.
            if case .awaitingLogin = state { startPlaying(context: context) }
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
            write(.ping(ping), context: context)
            context.flush()
        case .playerCursor:
            counters.cursors.wrappingIncrement(ordering: .relaxed)
        case .playerLogout:
            counters.logouts.wrappingIncrement(ordering: .relaxed)
        case .playerLogin, .mouseMove:
            break
        }
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
        switch state {
        case .awaitingLogin, .connecting:
            // Closed before any answer: the original server's way of refusing.
            counters.refused.wrappingIncrement(ordering: .relaxed)
        case .playing:
            counters.dropped.wrappingIncrement(ordering: .relaxed)
        case .leaving:
            break
        }
        state = .leaving
        counters.add(samples)
        counters.finished.wrappingIncrement(ordering: .relaxed)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        context.close(promise: nil)
    }

    /// Says goodbye and closes, at the end of the run.
    func leave(context: ChannelHandlerContext) {
        guard case .playing = state else {
            state = .leaving
            context.close(promise: nil)
            return
        }
        state = .leaving
        ticker?.cancel()
        var logout = PlayerLogout()
        logout.username = "\(configuration.userPrefix)\(index)"
        write(.playerLogout(logout), context: context)
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(ByteBuffer())).whenComplete { _ in
            channel.close(promise: nil)
        }
    }

    private func startPlaying(context: ChannelHandlerContext) {
        state = .playing
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
        guard case .playing = state, context.channel.isWritable else { return }
        step &+= 1
        var move = MouseMove()
        move.x = Int32((index &* 7 &+ step) % 120)
        move.y = Int32((index &+ step / 3) % 40)
        move.leftClick = step % 20 < 2
        write(.mouseMove(move), context: context)
        context.flush()
        counters.framesSent.wrappingIncrement(ordering: .relaxed)
    }

    /// Full speed: writes the pre-encoded frames while the channel takes them.
    private func pump(context: ChannelHandlerContext) {
        guard case .playing = state else { return }
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
