import DequeModule
import Messages
import NIOCore

/// One event loop's share of the fan-out: its players' cursor changes, departures and
/// broadcast messages go out to every loop once per tick, and what every loop publishes
/// reaches this loop's players, encoded once and shared.
///
/// Loops talk to each other once per tick: each publishes a ``ShardBatch`` to every
/// loop's ``FanOut`` (``peers``, each reached on its own loop), and each loop delivers
/// what it has received to its own players. Confined to its loop.
final class FanOut {
    /// Departures sent to each receiver per tick at most; the rest wait for the next tick.
    static let maximumDeparturesPerTick = 256
    /// Broadcast messages sent to each receiver per tick at most; the rest wait for the next tick.
    static let maximumBroadcastsPerTick = 256
    /// Receivers served per event-loop turn in one fan-out pass, so a pass over many
    /// players never holds up pings, logins or reads for long.
    static let receiversPerTurn = 250

    let loop: EventLoop
    private let tickInterval: TimeAmount
    let maxVisible: Int
    private let maxQueuedBroadcasts: Int
    let frames: ServerFrames
    /// Every loop's fan-out, this one included. Set on this loop before the server accepts.
    private var peers: [NIOLoopBound<FanOut>] = []

    /// The logged-in players of this loop: who fan-out delivers to.
    var receivers: [PlayerSession] = []
    /// Local players with cursor changes not yet emitted.
    private var dirty: [PlayerSession] = []
    /// Local departures not yet published.
    private var departures: [Departure] = []
    /// Local broadcast messages not yet published.
    private var broadcasts: [Broadcast] = []
    /// Cursor changes from every loop, waiting for this loop's next fan-out.
    var incoming: [PlayerID: IncomingCursor] = [:]
    /// Departures from every loop, waiting for this loop's next fan-out.
    var incomingDepartures: Deque<Departure> = []
    /// Broadcast messages from every loop, waiting for this loop's next fan-out.
    var incomingBroadcasts: Deque<Broadcast> = []
    var world = WorldView()
    /// Whose cursors this loop's players see, when not everyone's (PROTOCOL.md, "Visibility").
    var visibleSet: VisibleSet
    /// The next tick, when one is due: ticks run only while there is something to publish
    /// or deliver, so an idle server sleeps between pings.
    private var nextTick: Scheduled<Void>?
    private var lastTickAt = NIODeadline.uptimeNanoseconds(0)
    var inProgress = false
    /// After a long fan-out pass, the next waits twice as long: fan-out takes at most a
    /// third of the loop's time under load, and cursor changes coalesce meanwhile.
    var resumesAt = NIODeadline.uptimeNanoseconds(0)
    var startedAt = NIODeadline.uptimeNanoseconds(0)
    var stopped = false
    /// Frames delivered to this loop's players.
    var counters = ServerCounters()
    /// The world of boxes, on the one loop that owns it: fed every batch this loop takes in.
    var shapes: ShapeService?

    init(loop: EventLoop, configuration: ServerConfiguration, frames: ServerFrames) {
        self.loop = loop
        self.tickInterval = configuration.tickInterval
        self.maxVisible = configuration.maxVisible
        self.maxQueuedBroadcasts = max(1, configuration.maxQueuedBroadcasts)
        self.visibleSet = VisibleSet(capacity: configuration.maxVisible + 1)
        self.frames = frames
    }

    // MARK: - Lifecycle

    /// Connects this loop to every loop's fan-out (itself included) and starts the tick.
    func start(peers: [NIOLoopBound<FanOut>]) {
        self.peers = peers
        lastTickAt = .now()
    }

    /// No more ticks or deliveries (shutdown).
    func stop() {
        stopped = true
        shapes?.stop()
        nextTick?.cancel()
        nextTick = nil
    }

    /// Forgets the other loops: each fan-out holds every fan-out, itself included, and
    /// the cycle must be broken once the server has stopped.
    func detachPeers() {
        peers = []
        shapes = nil  // it holds this fan-out
    }

    // MARK: - This loop's players

    /// A newly logged-in player: appends the presence snapshot (the last known cursor of
    /// each player in the visible set) to its welcome, and makes it a receiver. Its own
    /// presence reaches the others with the next tick (if visible: it has not moved yet,
    /// see PROTOCOL.md). A spectator only receives: the others never hear of it.
    func join(_ session: PlayerSession, welcome: inout ByteBuffer) {
        appendPresence(for: session, to: &welcome)
        addReceiver(session)
        guard !session.spectator else { return }
        session.lastActivity = 0
        session.changes.record(CursorState())
        markDirty(session)
    }

    /// A session taken over on this loop: the new connection gets the presence snapshot
    /// (without the player itself) and becomes a receiver; the others hear nothing of it,
    /// except the player's latest change if the old connection had not published it yet.
    /// Without a handover (the old connection was gone first), the cursor is where this
    /// loop last saw it.
    func resume(_ session: PlayerSession, welcome: inout ByteBuffer, handover: Handover?) {
        appendPresence(for: session, to: &welcome)
        addReceiver(session)
        session.cursor = handover?.cursor ?? world.state(of: session.id) ?? CursorState()
        session.lastActivity = handover?.lastActivity ?? 0
        if handover?.pendingChange == true {
            session.changes.record(session.cursor)
            markDirty(session)
        }
    }

    private func appendPresence(for session: PlayerSession, to welcome: inout ByteBuffer) {
        // The visible set's last known cursors (PROTOCOL.md, "Visibility").
        for id in visibleSet.byActivity.lazy.filter({ $0 != session.id }).prefix(maxVisible) {
            guard let state = world.state(of: id), let username = world.username(of: id) else { continue }
            frames.append(.playerCursor(state.cursor(for: username)), to: &welcome)
            world.markAnnounced(id)
            counters.framesOutByType.count(.playerCursor)
        }
    }

    private func addReceiver(_ session: PlayerSession) {
        session.receiverIndex = receivers.count
        receivers.append(session)
    }

    /// A player's cursor changed at `activity` (uptime nanoseconds of the read).
    func moved(_ session: PlayerSession, to state: CursorState, activity: UInt64) {
        session.cursor = state
        session.lastActivity = activity
        session.changes.record(state)
        markDirty(session)
    }

    /// A logged-in player left: no more deliveries to it, and its departure goes out
    /// with the next tick.
    func leave(_ session: PlayerSession, reason: DisconnectReason) {
        drop(session)
        depart(id: session.id, username: session.username, reason: reason)
    }

    /// No more deliveries to this connection, and nobody hears of it: its session lives
    /// on in another connection.
    func drop(_ session: PlayerSession) {
        let index = session.receiverIndex
        guard index >= 0 else { return }
        let last = receivers.removeLast()
        if last !== session {
            receivers[index] = last
            last.receiverIndex = index
        }
        session.receiverIndex = -1
        session.changes.removeAll()
    }

    /// A player left: its departure goes out with the next tick.
    func depart(id: PlayerID, username: String, reason: DisconnectReason) {
        departures.append(Departure(id: id, username: username, reason: reason))
        requestTick()
    }

    /// A message for every logged-in player but `sender` (nil: for everyone), on every
    /// loop: it goes out with the next tick, encoded once here. Any kind of message takes
    /// this one path.
    func broadcast(_ message: WireMessage, except sender: PlayerID?) {
        let frame = frames.encode(message, allocator: ByteBufferAllocator())
        guard frame.readableBytes > 0 else { return }  // too large: logged by `frames`
        broadcast(Broadcast(frame: frame, type: message.type, except: sender))
    }

    /// A broadcast already encoded (several frames of one type at once), by the same path.
    func broadcast(_ broadcast: Broadcast) {
        guard broadcasts.count < maxQueuedBroadcasts else {
            counters.broadcastsDropped += 1
            return
        }
        broadcasts.append(broadcast)
        requestTick()
    }

    private func markDirty(_ session: PlayerSession) {
        guard !session.isDirty else { return }
        session.isDirty = true
        dirty.append(session)
        requestTick()
    }

    // MARK: - Ticks

    /// Makes sure a tick comes: at once if the last was a whole interval ago, else one
    /// interval after it (at most one tick per interval, as with a fixed timer).
    private func requestTick() {
        guard nextTick == nil, !stopped else { return }
        let due = max(NIODeadline.now(), lastTickAt + tickInterval)
        nextTick = loop.assumeIsolated().scheduleTask(deadline: due) {
            self.nextTick = nil
            self.tick()
        }
    }

    /// Once per tick: publish this loop's changes, then deliver everyone's.
    private func tick() {
        guard !stopped else { return }
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
        batch.broadcasts = broadcasts
        broadcasts = []
        if !batch.isEmpty {
            let published = batch
            for peer in peers where peer.eventLoop !== loop {
                // Delivered on arrival, not at the peer's own next tick: a move reaches
                // every player within one tick of its source loop.
                peer.eventLoop.execute { peer.value.arrived(published) }
            }
            receive(published)
        }
        fanOutUnlessResting()
        // Changes still queued (a resting or unfinished fan-out, more moves than one tick
        // takes): come back next tick.
        if !dirty.isEmpty || hasIncoming {
            requestTick()
        }
    }

    /// Another loop's batch: delivered at once unless resting or a pass is in progress,
    /// else at this loop's next tick.
    private func arrived(_ batch: ShardBatch) {
        receive(batch)
        fanOutUnlessResting()
        if hasIncoming { requestTick() }
    }

    /// Something from some loop waits for this loop's next fan-out.
    var hasIncoming: Bool {
        !incoming.isEmpty || !incomingDepartures.isEmpty || !incomingBroadcasts.isEmpty
    }

    private func fanOutUnlessResting() {
        guard !stopped, NIODeadline.now() >= resumesAt else { return }
        fanOut()
    }

    /// Takes another loop's (or this loop's) batch in, to be delivered at the next fan-out.
    private func receive(_ batch: ShardBatch) {
        guard !stopped else { return }
        shapes?.received(batch)
        for update in batch.updates {
            incoming[update.id, default: IncomingCursor(username: update.username)].record(update)
        }
        for departure in batch.departures {
            incoming[departure.id] = nil
            incomingDepartures.append(departure)
        }
        let room = max(0, maxQueuedBroadcasts - incomingBroadcasts.count)
        incomingBroadcasts.append(contentsOf: batch.broadcasts.prefix(room))
        counters.broadcastsDropped += batch.broadcasts.count - min(room, batch.broadcasts.count)
    }
}
