import DequeModule
import Logging
import Messages
import NIOCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Everything the server keeps on one event loop: its connections, the ping schedule of
/// its players, its view of the world, and its fan-out tick.
///
/// All hot paths (decoding, cursor updates, pings, fan-out) run here without locks or
/// actor hops. Loops talk to each other once per tick: each publishes a ``ShardBatch`` of
/// its players' coalesced cursor changes and departures to every loop, and each loop
/// delivers what it has received to its own players.
///
/// Every mutable property is touched only on `loop`; hence `@unchecked Sendable`.
final class PlayerShard: @unchecked Sendable {
    /// Departures sent to each receiver per tick at most; the rest wait for the next tick.
    static let maximumDeparturesPerTick = 256
    /// Receivers served per event-loop turn in one fan-out pass, so a pass over many
    /// players never holds up pings, logins or reads for long.
    static let receiversPerTurn = 250
    /// Bytes read from all sockets per event-loop turn before further reads wait for a
    /// later turn (about 10 ms of decoding): pings and logins are never stuck behind a
    /// flood, however many players flood.
    static let readBudgetPerTurn = 256 * 1024
    /// Waiting connections allowed to read again per turn, oldest first.
    static let readsResumedPerTurn = 32

    let loop: EventLoop
    private let configuration: ServerConfiguration
    private let logger: Logger
    private let debugEnabled: Bool
    private let registry: PlayerRegistry
    /// Every loop's shard, this one included. Set once, before the server accepts.
    var peers: [PlayerShard] = []

    /// Every open connection of this loop.
    private var sessions: [ObjectIdentifier: PlayerSession] = [:]
    /// The logged-in players of this loop: who fan-out delivers to.
    private var receivers: [PlayerSession] = []
    /// Local players with cursor changes not yet emitted.
    private var dirty: [PlayerSession] = []
    /// Local departures not yet published.
    private var departures: [Departure] = []
    /// Cursor changes from every loop, waiting for this loop's next fan-out.
    private var incoming: [PlayerID: IncomingCursor] = [:]
    /// Departures from every loop, waiting for this loop's next fan-out.
    private var incomingDepartures: Deque<Departure> = []
    private var world = WorldView()
    private var pings = PingSchedule<PlayerSession>()
    private var pingTimer: Scheduled<Void>?
    /// The next tick, when one is due: ticks run only while there is something to publish
    /// or deliver, so an idle server sleeps between pings.
    private var nextTick: Scheduled<Void>?
    private var lastTickAt = NIODeadline.uptimeNanoseconds(0)
    private var fanOutInProgress = false
    /// After a long fan-out pass, the next waits twice as long: fan-out takes at most a
    /// third of the loop's time under load, and cursor changes coalesce meanwhile.
    private var fanOutResumesAt = NIODeadline.uptimeNanoseconds(0)
    private var fanOutStartedAt = NIODeadline.uptimeNanoseconds(0)
    private var shuttingDown = false
    private var bytesReadThisTurn = 0
    /// When the bytes being decoded were read (uptime nanoseconds): one clock reading
    /// per socket read, not per frame.
    private var readStamp: UInt64 = 1
    private var turnEndScheduled = false
    private var parkedReaders: Deque<PlayerSessionHandler> = []
    private var allClosed: EventLoopPromise<Void>?
    private(set) var counters = ShardCounters()

    init(loop: EventLoop, configuration: ServerConfiguration, registry: PlayerRegistry, logger: Logger) {
        self.loop = loop
        self.configuration = configuration
        self.registry = registry
        self.logger = logger
        self.debugEnabled = logger.logLevel <= .debug
    }

    // MARK: - Lifecycle

    /// Starts the fan-out tick.
    func start() {
        loop.assertInEventLoop()
        lastTickAt = .now()
    }

    /// Makes sure a tick comes: at once if the last was a whole interval ago, else one
    /// interval after it (at most one tick per interval, as with a fixed timer).
    private func requestTick() {
        guard nextTick == nil, !shuttingDown else { return }
        let due = max(NIODeadline.now(), lastTickAt + configuration.tickInterval)
        nextTick = loop.scheduleTask(deadline: due) { [self] in
            self.nextTick = nil
            self.tick()
        }
    }

    /// Installs the handler for a freshly accepted connection.
    func adopt(_ channel: Channel) throws {
        let session = PlayerSession(channel: channel)
        try channel.pipeline.syncOperations.addHandler(PlayerSessionHandler(shard: self, session: session))
    }

    /// Tells every player the server is going away, then closes every connection; the
    /// future completes when all are closed (at the latest after the grace period).
    func shutdown() -> EventLoopFuture<Void> {
        loop.assertInEventLoop()
        shuttingDown = true
        nextTick?.cancel()
        nextTick = nil
        pingTimer?.cancel()
        pingTimer = nil
        let promise = loop.makePromise(of: Void.self)
        for session in sessions.values {
            let channel = session.channel
            if session.phase == .playing {
                let goodbye = encode(.playerLogout(.with {
                    $0.username = session.username
                    $0.reason = DisconnectReason.serverShutdown.rawValue
                }), allocator: channel.allocator)
                counters.framesOut += 1
                end(session, reason: .serverShutdown)
                channel.writeAndFlush(goodbye).whenComplete { _ in channel.close(promise: nil) }
            } else {
                session.closeReason = session.closeReason ?? .serverShutdown
                session.phase = .closed
                channel.close(promise: nil)
            }
        }
        if sessions.isEmpty {
            promise.succeed(())
        } else {
            allClosed = promise
            loop.scheduleTask(in: configuration.shutdownGracePeriod) { [self] in
                for session in self.sessions.values {
                    session.channel.close(promise: nil)
                }
            }
        }
        return promise.futureResult
    }

    // MARK: - Connections

    func connected(_ session: PlayerSession) {
        sessions[ObjectIdentifier(session)] = session
        counters.connections += 1
        if shuttingDown {
            session.closeReason = .serverShutdown
            session.phase = .closed
            session.channel.close(promise: nil)
            return
        }
        session.loginTimeout = loop.scheduleTask(in: configuration.loginTimeout) { [self] in
            guard session.phase == .awaitingLogin else { return }
            self.logger.info("Closing \(session.logName): no login within \(Self.describe(self.configuration.loginTimeout))")
            self.close(session, reason: .loginTimeout)
        }
    }

    /// The connection has closed, for whatever reason.
    func disconnected(_ session: PlayerSession) {
        session.loginTimeout?.cancel()
        session.loginTimeout = nil
        let reason = session.closeReason ?? .connectionClosed
        if session.phase == .playing {
            logger.info("\(session.logName) disconnected: \(reason)")
            end(session, reason: reason)
        }
        session.phase = .closed
        guard sessions.removeValue(forKey: ObjectIdentifier(session)) != nil else { return }
        counters.connections -= 1
        counters.disconnects[reason, default: 0] += 1
        if sessions.isEmpty, let allClosed {
            self.allClosed = nil
            allClosed.succeed(())
        }
    }

    func badInput(_ error: Error, from session: PlayerSession) {
        guard session.phase != .closed else { return }
        logger.warning("Closing \(session.logName): \(error)")
        close(session, reason: .badFrame)
    }

    func connectionFailed(_ error: Error, for session: PlayerSession) {
        guard session.phase != .closed else { return }
        let reason = (error as? IOError).map { String(cString: strerror($0.errnoCode)) } ?? "\(error)"
        logger.info("Closing \(session.logName): \(reason)")
        close(session, reason: .connectionClosed)
    }

    func outboundBufferFull(_ session: PlayerSession) {
        guard session.phase != .closed else { return }
        logger.warning(
            "Disconnecting \(session.logName): outbound buffer over \(configuration.maxOutboundBytes) bytes (not reading)"
        )
        close(session, reason: .outboundBufferFull)
    }

    /// Ends the session at once (the others hear of it at the next tick) and closes.
    private func close(_ session: PlayerSession, reason: DisconnectReason) {
        if session.closeReason == nil { session.closeReason = reason }
        if session.phase == .playing { end(session, reason: reason) }
        session.phase = .closed
        session.channel.close(promise: nil)
    }

    /// Removes a logged-in player: frees its name, stops its pings and fan-out, and
    /// queues its departure for the other players.
    private func end(_ session: PlayerSession, reason: DisconnectReason) {
        guard session.phase == .playing else { return }
        session.phase = .closed
        session.closeReason = session.closeReason ?? reason
        registry.release(session.username)
        let index = session.receiverIndex
        let last = receivers.removeLast()
        if last !== session {
            receivers[index] = last
            last.receiverIndex = index
        }
        session.receiverIndex = -1
        session.changes.removeAll()
        counters.playersOnline -= 1
        departures.append(Departure(id: session.id, username: session.username, reason: reason))
        requestTick()
    }

    // MARK: - Inbound messages

    func received(_ message: WireMessage, from session: PlayerSession) {
        counters.framesIn += 1
        switch session.phase {
        case .awaitingLogin:
            if case .playerLogin(let login) = message {
                self.login(login, for: session)
            } else {
                refuse(session, reason: "first frame must be PLAYER_LOGIN", detail: "first frame was \(message.type)")
            }
        case .playing:
            switch message {
            case .mouseMove(let move):
                moved(move, by: session)
            case .ping(let ping):
                bounced(ping, by: session)
            case .playerLogout:
                logger.info("\(session.logName) logged out")
                close(session, reason: .loggedOut)
            case .playerLogin, .loginResult, .playerCursor:
                if debugEnabled { logger.debug("Ignoring \(message.type) from \(session.logName)") }
            }
        case .closed:
            break
        }
    }

    private func login(_ login: PlayerLogin, for session: PlayerSession) {
        session.loginTimeout?.cancel()
        session.loginTimeout = nil
        let name = login.username
        if let problem = LoginPolicy.problem(withUsername: name) {
            refuse(session, reason: "malformed login: \(problem)", detail: "username \(name.debugDescription)")
            return
        }
        guard LoginPolicy.passwordsMatch(login.password, configuration.password) else {
            refuse(session, reason: "bad credentials", detail: "wrong password for \(name.debugDescription)")
            return
        }
        let id: PlayerID
        let online: Int
        switch registry.claim(name) {
        case .granted(let grantedID, let count):
            id = grantedID
            online = count
        case .nameTaken:
            refuse(session, reason: "name already playing", detail: "\(name.debugDescription) is already playing")
            return
        case .full:
            refuse(session, reason: "server full", detail: "\(configuration.maxPlayers) players online")
            return
        case .closed:
            refuse(session, reason: "server shutting down", detail: "\(name.debugDescription) during shutdown")
            return
        }

        session.id = id
        session.username = name
        session.phase = .playing
        session.receiverIndex = receivers.count
        receivers.append(session)
        counters.logins += 1
        counters.playersOnline += 1
        logger.info("ACCESS GRANTED FOR Username: \(name)")

        let channel = session.channel
        var out = channel.allocator.buffer(capacity: 64)
        let welcome = LoginResult.with {
            $0.ok = true
            $0.pingIntervalMs = UInt32(clamping: configuration.pingInterval.nanoseconds / 1_000_000)
            $0.playersOnline = UInt32(clamping: online)
        }
        append(.loginResult(welcome), to: &out)
        // Presence: the last known cursor of each player already visible.
        for other in world.mostRecent(configuration.maxVisible) {
            append(.playerCursor(other.state.cursor(for: other.username)), to: &out)
            world.markAnnounced(other.id)
        }
        channel.writeAndFlush(out, promise: nil)

        // The newcomer's own presence reaches the others with the next tick (if visible:
        // it has not moved yet, see PROTOCOL.md).
        session.lastActivity = 0
        session.changes.record(CursorState())
        session.isDirty = true
        dirty.append(session)
        requestTick()

        pings.add(session, due: .now() + configuration.pingInterval)
        armPingTimer()
    }

    private func refuse(_ session: PlayerSession, reason: String, detail: String) {
        session.loginTimeout?.cancel()
        session.loginTimeout = nil
        counters.loginsRefused += 1
        logger.info("Login refused for \(session.peer): \(reason) (\(detail))")
        session.closeReason = .loginRefused
        session.phase = .closed
        let channel = session.channel
        let answer = encode(.loginResult(.with {
            $0.ok = false
            $0.reason = reason
        }), allocator: channel.allocator)
        counters.framesOut += 1
        channel.writeAndFlush(answer).whenComplete { _ in channel.close(promise: nil) }
    }

    private func moved(_ move: MouseMove, by session: PlayerSession) {
        counters.mouseEventsIn += 1
        if debugEnabled {
            logger.debug("Dispatcher got message of type 2 from: \(session.username)")
        }
        session.lastActivity = readStamp
        session.changes.record(CursorState(move))
        if !session.isDirty {
            session.isDirty = true
            dirty.append(session)
            requestTick()
        }
    }

    private func bounced(_ ping: Ping, by session: PlayerSession) {
        let now = Epoch.nowMicros()
        // Only a plausible echo of one of our pings counts.
        guard ping.sentEpoch > 0, ping.sentEpoch <= now, now - ping.sentEpoch < 60_000_000 else { return }
        session.roundTripMicros = UInt32(now - ping.sentEpoch)
    }

    // MARK: - Pings

    private func armPingTimer() {
        guard pingTimer == nil, !shuttingDown, let due = pings.nextDue else { return }
        pingTimer = loop.scheduleTask(deadline: due) { [self] in
            self.pingTimer = nil
            self.sendDuePings()
        }
    }

    private func sendDuePings() {
        let now = NIODeadline.now()
        let epoch = Epoch.nowMicros()
        let interval = configuration.pingInterval
        while let (due, session) = pings.popDue(now: now) {
            guard session.phase == .playing else { continue }
            let ping = encode(.ping(.with {
                $0.sentEpoch = epoch
                $0.rttUs = session.roundTripMicros
            }), allocator: session.channel.allocator)
            counters.framesOut += 1
            counters.pingsSent += 1
            counters.pingLateness.record(lateNanoseconds: (now - due).nanoseconds)
            session.channel.writeAndFlush(ping, promise: nil)
            var next = due + interval
            if next <= now { next = now + interval }  // fell a whole interval behind: resume the cadence
            pings.add(session, due: next)
        }
        armPingTimer()
    }

    // MARK: - Fan-out

    /// Once per tick: publish this loop's changes, then deliver everyone's.
    private func tick() {
        guard !shuttingDown else { return }
        lastTickAt = .now()
        var batch = ShardBatch()
        if !dirty.isEmpty {
            var stillDirty: [PlayerSession] = []
            for session in dirty {
                guard session.phase == .playing, let state = session.changes.takeNext() else {
                    session.isDirty = false
                    continue
                }
                batch.updates.append(CursorUpdate(
                    id: session.id, username: session.username, state: state, activity: session.lastActivity
                ))
                if session.changes.isEmpty {
                    session.isDirty = false
                } else {
                    stillDirty.append(session)
                }
            }
            dirty = stillDirty
        }
        batch.departures = departures
        departures = []
        if !batch.isEmpty {
            let published = batch
            for peer in peers where peer !== self {
                // Delivered on arrival, not at the peer's own next tick: a move reaches
                // every player within one tick of its source loop.
                peer.loop.execute {
                    peer.receive(published)
                    peer.fanOutUnlessResting()
                    peer.requestTickIfPending()
                }
            }
            receive(published)
        }
        fanOutUnlessResting()
        // Changes still queued (a resting or unfinished fan-out, more moves than one tick
        // takes): come back next tick.
        if !dirty.isEmpty || !incoming.isEmpty || !incomingDepartures.isEmpty {
            requestTick()
        }
    }

    /// A batch from another loop that this loop could not deliver at once (resting, or a
    /// fan-out still in progress) waits for this loop's next tick.
    private func requestTickIfPending() {
        if !incoming.isEmpty || !incomingDepartures.isEmpty { requestTick() }
    }

    private func fanOutUnlessResting() {
        guard !shuttingDown, NIODeadline.now() >= fanOutResumesAt else { return }
        fanOut()
    }

    /// Takes another loop's (or this loop's) batch in, to be delivered at the next fan-out.
    private func receive(_ batch: ShardBatch) {
        guard !shuttingDown else { return }
        for update in batch.updates {
            incoming[update.id, default: IncomingCursor(username: update.username)].record(update)
        }
        for departure in batch.departures {
            incoming[departure.id] = nil
            incomingDepartures.append(departure)
        }
    }

    /// Sends every local receiver the departures and the visible cursor changes waiting
    /// since the last fan-out, encoded once and shared.
    private func fanOut() {
        guard !fanOutInProgress, !incoming.isEmpty || !incomingDepartures.isEmpty else { return }
        let allocator = ByteBufferAllocator()
        var frames = allocator.buffer(capacity: 1024)
        var departureFrames = 0
        while departureFrames < Self.maximumDeparturesPerTick, let departure = incomingDepartures.popFirst() {
            // Only players this loop's players were ever shown need a goodbye.
            guard world.remove(departure.id) else { continue }
            append(.playerLogout(.with {
                $0.username = departure.username
                $0.reason = departure.reason.rawValue
            }), to: &frames)
            departureFrames += 1
        }
        let departuresEnd = frames.writerIndex

        // One change per player; all go into the world view, the most recent are sent.
        var changed: [CursorUpdate] = []
        changed.reserveCapacity(incoming.count)
        for id in Array(incoming.keys) {
            var entry = incoming.removeValue(forKey: id)!
            guard let state = entry.changes.takeNext() else { continue }
            changed.append(CursorUpdate(id: id, username: entry.username, state: state, activity: entry.activity))
            if !entry.changes.isEmpty { incoming[id] = entry }
        }
        changed.sort { ($0.activity, $0.id) > ($1.activity, $1.id) }
        for update in changed.reversed() {
            world.update(id: update.id, username: update.username, state: update.state, moved: update.activity > 0)
        }
        let visible = configuration.maxVisible
        // Players who never moved rank last: they are shown only while everyone sees
        // everyone. Each receiver sees `visible` players; one more is encoded for the
        // receivers that are among them themselves.
        let showIdle = world.count <= visible + 1
        let sent = changed.lazy.filter { $0.activity > 0 || showIdle }.prefix(visible + 1)
        var frameEnds: [Int] = []
        var position: [PlayerID: Int] = [:]
        for (index, update) in sent.enumerated() {
            append(.playerCursor(update.state.cursor(for: update.username)), to: &frames)
            frameEnds.append(frames.writerIndex)
            position[update.id] = index
            world.markAnnounced(update.id)
        }
        let plan = FanOutPlan(
            frames: frames,
            departureCount: departureFrames,
            departuresEnd: departuresEnd,
            cursorEnds: frameEnds,
            cursorIndex: position,
            visible: visible
        )
        fanOutInProgress = true
        fanOutStartedAt = .now()
        deliver(plan, to: receivers, from: 0)
    }

    private func deliver(_ plan: FanOutPlan, to targets: [PlayerSession], from start: Int) {
        let end = min(start + Self.receiversPerTurn, targets.count)
        for session in targets[start..<end] where session.phase == .playing {
            let (first, second, count) = plan.slices(for: session.id)
            guard count > 0 else { continue }
            let channel = session.channel
            if let first { channel.write(first, promise: nil) }
            if let second { channel.write(second, promise: nil) }
            channel.flush()
            counters.framesOut += count
        }
        if end < targets.count, !shuttingDown {
            loop.execute { [self] in self.deliver(plan, to: targets, from: end) }
        } else {
            fanOutInProgress = false
            let now = NIODeadline.now()
            fanOutResumesAt = now + (now - fanOutStartedAt) * 2
        }
    }

    // MARK: - Read budget

    func mayRead() -> Bool {
        bytesReadThisTurn < Self.readBudgetPerTurn && parkedReaders.isEmpty
    }

    func didRead(bytes: Int) {
        readStamp = NIODeadline.now().uptimeNanoseconds
        bytesReadThisTurn += bytes
        scheduleTurnEnd()
    }

    func park(_ reader: PlayerSessionHandler) {
        parkedReaders.append(reader)
        scheduleTurnEnd()
    }

    /// Ends the turn after the loop's I/O: a fresh budget, and a few of the waiting
    /// connections may read again. While some wait, turns end on a 1 ms timer, so that
    /// the loop polls the sockets (and runs its timers) between two rounds.
    private func scheduleTurnEnd() {
        guard !turnEndScheduled else { return }
        turnEndScheduled = true
        if parkedReaders.isEmpty {
            loop.execute { [self] in self.endTurn() }
        } else {
            loop.scheduleTask(in: .milliseconds(1)) { [self] in self.endTurn() }
        }
    }

    private func endTurn() {
        turnEndScheduled = false
        bytesReadThisTurn = 0
        var resumed = 0
        while resumed < Self.readsResumedPerTurn, let reader = parkedReaders.popFirst() {
            if reader.resumeReading() { resumed += 1 }
        }
        if !parkedReaders.isEmpty { scheduleTurnEnd() }
    }

    // MARK: - Stats and helpers

    private func append(_ message: WireMessage, to buffer: inout ByteBuffer) {
        do {
            try Frame.encode(message, into: &buffer)
        } catch {
            // Usernames are capped at 32 characters and reasons are ours: every frame fits.
            logger.error("Cannot encode \(message.type): \(error)")
        }
    }

    private func encode(_ message: WireMessage, allocator: ByteBufferAllocator) -> ByteBuffer {
        var buffer = allocator.buffer(capacity: 32)
        append(message, to: &buffer)
        return buffer
    }

    static func describe(_ amount: TimeAmount) -> String {
        let ms = amount.nanoseconds / 1_000_000
        return ms % 1000 == 0 ? "\(ms / 1000) s" : "\(ms) ms"
    }
}
