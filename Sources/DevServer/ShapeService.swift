import Messages
import NIOCore
import Shapes

/// The shared world of boxes (PROTOCOL.md, "World objects"), owned by one event loop.
///
/// No lock and no hop per move: that loop's ``FanOut`` already receives every loop's
/// cursor changes (clicks between ticks kept) and departures once per tick, and hands
/// them here (``received(_:)``). Changed boxes go out as GAME_OBJECT through the same
/// fan-out's broadcast, which delivers a kind only to the players that listed it; at
/// most ``ServerConfiguration/maxObjectsPerTick`` per tick, in the order of a
/// ``ChangeSchedule`` (the most recent changes first, a box left waiting too long before
/// them). The world ticks only while it moves or input waits, so a settled world costs
/// nothing. Confined to its loop.
final class ShapeService {
    private let loop: EventLoop
    private let fanOut: FanOut
    private let tickInterval: TimeAmount
    private let maxPerTick: Int
    private var world: ShapeWorld
    /// The simulation's player numbers (it takes 32 bits) for the server's ids, and the
    /// names shown as holders.
    private var slots: [PlayerID: UInt32] = [:]
    private var names: [UInt32: String] = [:]
    private var lastSlot: UInt32 = 0
    /// Changed boxes not sent yet, and which go next.
    private var schedule: ChangeSchedule
    private var nextTick: Scheduled<Void>?
    private var lastTickAt = NIODeadline.uptimeNanoseconds(0)
    private var stopped = false
    /// Objects, moving objects and tick times (the rest stays 0).
    private(set) var counters = ServerCounters()

    init(loop: EventLoop, configuration: ServerConfiguration, fanOut: FanOut) {
        self.loop = loop
        self.fanOut = fanOut
        self.tickInterval = configuration.shapeTickInterval
        self.maxPerTick = max(1, configuration.maxObjectsPerTick)
        var shapes = ShapeWorldConfiguration()
        shapes.width = Int32(clamping: configuration.worldWidth)
        shapes.height = Int32(clamping: configuration.worldHeight)
        shapes.count = configuration.shapes
        shapes.seed = configuration.shapeSeed
        world = ShapeWorld(configuration: shapes)
        schedule = ChangeSchedule(count: world.boxes.count)
        counters.objects = world.boxes.count
        requestTick()  // boxes placed at random overlap: the world settles first
    }

    /// Gives the first loop the world (with ``ServerConfiguration/shapes`` above 0) and
    /// every shard the way to it, before the server accepts.
    static func install(on shards: [NIOLoopBound<PlayerShard>], configuration: ServerConfiguration) async throws {
        guard configuration.shapes > 0, let owner = shards.first else { return }
        let shapes = try await owner.eventLoop.submit {
            let service = ShapeService(loop: owner.eventLoop, configuration: configuration, fanOut: owner.value.fanOut)
            owner.value.fanOut.shapes = service
            return NIOLoopBound(service, eventLoop: owner.eventLoop)
        }.get()
        for shard in shards {
            try await shard.eventLoop.submit { shard.value.shapes = shapes }.get()
        }
    }

    /// No more ticks (shutdown).
    func stop() {
        stopped = true
        nextTick?.cancel()
        nextTick = nil
    }

    /// A batch from some loop, as its fan-out takes it in: pointers are fed to the world
    /// in order, and departed players drop what they hold.
    func received(_ batch: ShardBatch) {
        guard !stopped, !batch.updates.isEmpty || !batch.departures.isEmpty else { return }
        for update in batch.updates {
            let player = slot(for: update.id, username: update.username)
            world.submit(DragInput(player: player, x: update.state.x, y: update.state.y, left: update.state.left))
        }
        for departure in batch.departures {
            guard let player = slots.removeValue(forKey: departure.id) else { continue }
            names[player] = nil
            world.removePlayer(player)
        }
        requestTick()
    }

    /// Every object as it is now: a joining player's copy of the world.
    func snapshot() -> [GameObject] {
        counters.framesOutByType.count(.gameObject, by: world.boxes.count)
        return world.boxes.map(object)
    }

    /// The whole world, once, to a player that listed GAME_OBJECT: taken on the world's
    /// loop, written on the player's. Changes after it come with the fan-out, and each
    /// object's `tick` orders the two.
    static func sendWorld(
        to session: NIOLoopBound<PlayerSession>, from shapes: NIOLoopBound<ShapeService>, frames: ServerFrames
    ) {
        shapes.eventLoop.execute {
            let objects = shapes.value.snapshot()
            session.eventLoop.execute {
                let player = session.value
                guard player.phase == .playing, !objects.isEmpty else { return }
                var out = player.channel.allocator.buffer(capacity: objects.count * 24)
                for object in objects { frames.append(.gameObject(object), to: &out) }
                player.channel.writeAndFlush(out, promise: nil)
            }
        }
    }

    private func slot(for id: PlayerID, username: String) -> UInt32 {
        if let player = slots[id] { return player }
        repeat { lastSlot &+= 1 } while lastSlot == 0 || names[lastSlot] != nil
        slots[id] = lastSlot
        names[lastSlot] = username
        return lastSlot
    }

    private func object(_ box: Box) -> GameObject {
        GameObject.with {
            $0.id = box.id
            $0.kind = .box
            $0.x = box.x
            $0.y = box.y
            $0.w = UInt32(clamping: box.width)
            $0.h = UInt32(clamping: box.height)
            $0.holder = box.holder == 0 ? "" : names[box.holder] ?? ""
            $0.tick = world.tickCount
        }
    }

    // MARK: - Ticks

    /// At most one tick per interval, and none while the world is settled and sent.
    private func requestTick() {
        guard nextTick == nil, !stopped else { return }
        let due = max(NIODeadline.now(), lastTickAt + tickInterval)
        nextTick = loop.assumeIsolated().scheduleTask(deadline: due) {
            self.nextTick = nil
            self.tick()
        }
    }

    private func tick() {
        guard !stopped else { return }
        let started = NIODeadline.now()
        lastTickAt = started
        let changed = world.step()
        counters.shapeTickTime.record(nanoseconds: (NIODeadline.now() - started).nanoseconds)
        counters.movingObjects = world.isSettled ? 0 : changed.count
        schedule.changed(changed.lazy.map(\.id), at: world.tickCount)
        send()
        if !world.isSettled || schedule.waitingCount > 0 { requestTick() }
    }

    /// The schedule's next changes, up to the cap; the rest wait for the next ticks. They
    /// go out as one broadcast, so that each receiver is written once a tick.
    private func send() {
        let ids = schedule.take(upTo: maxPerTick, at: world.tickCount)
        guard !ids.isEmpty else { return }
        var out = ByteBufferAllocator().buffer(capacity: ids.count * 24)
        for id in ids {
            fanOut.frames.append(.gameObject(object(world.boxes[Int(id) - 1])), to: &out)
        }
        fanOut.broadcast(Broadcast(frame: out, type: .gameObject, count: ids.count, except: nil))
    }
}
