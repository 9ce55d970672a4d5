import DequeModule
import Messages
import NIOCore

/// Delivery: what every loop published since the last fan-out, encoded once and written
/// to this loop's players a few hundred per event-loop turn.
extension FanOut {
    /// Sends every local receiver the departures, the visible cursor changes and the
    /// broadcast messages waiting since the last fan-out, encoded once and shared.
    func fanOut() {
        guard !inProgress, hasIncoming else { return }
        let allocator = ByteBufferAllocator()
        var buffer = allocator.buffer(capacity: 1024)
        var departureFrames = 0
        while departureFrames < Self.maximumDeparturesPerTick, let departure = incomingDepartures.popFirst() {
            visibleSet.remove(departure.id)
            // Only players this loop's players were ever shown need a goodbye.
            guard world.remove(departure.id) else { continue }
            frames.append(.playerLogout(.with {
                $0.username = departure.username
                $0.reason = departure.reason.rawValue
            }), to: &buffer)
            departureFrames += 1
        }
        let departuresEnd = buffer.writerIndex

        // One change per player, most recent first; all go into the world view, the
        // visible set's are sent.
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
        let visible = maxVisible
        // Only the visible set's changes are sent. Players who never moved join it only
        // while everyone sees everyone. Each receiver sees `visible` players; the set
        // holds one more, for the receivers that are among them themselves.
        let sent = visibleSet.admit(
            changed, everyoneFits: world.count <= visible + 1, now: NIODeadline.now().uptimeNanoseconds)
        var frameEnds: [Int] = []
        var position: [PlayerID: Int] = [:]
        for (index, update) in sent.enumerated() {
            frames.append(.playerCursor(update.state.cursor(for: update.username)), to: &buffer)
            frameEnds.append(buffer.writerIndex)
            position[update.id] = index
            world.markAnnounced(update.id)
        }
        var broadcasts: [Broadcast] = []
        while broadcasts.count < Self.maximumBroadcastsPerTick, let broadcast = incomingBroadcasts.popFirst() {
            broadcasts.append(broadcast)
        }
        let plan = FanOutPlan(
            frames: buffer,
            departureCount: departureFrames,
            departuresEnd: departuresEnd,
            cursorEnds: frameEnds,
            cursorIndex: position,
            visible: visible,
            broadcasts: broadcasts
        )
        inProgress = true
        startedAt = .now()
        deliver(plan, to: receivers, from: 0)
    }

    private func deliver(_ plan: FanOutPlan, to targets: [PlayerSession], from start: Int) {
        let end = min(start + Self.receiversPerTurn, targets.count)
        for session in targets[start..<end] where session.phase == .playing {
            let (first, second, count) = plan.slices(for: session.id)
            let channel = session.channel
            if count > 0 {
                if let first { channel.write(first, promise: nil) }
                if let second { channel.write(second, promise: nil) }
                counters.framesOutByType.count(.playerLogout, by: plan.departureCount)
                counters.framesOutByType.count(.playerCursor, by: count - plan.departureCount)
            }
            var broadcasts = 0
            for broadcast in plan.broadcasts
            where broadcast.except != session.id && session.understands.contains(broadcast.type) {
                channel.write(broadcast.frame, promise: nil)
                counters.framesOutByType.count(broadcast.type, by: broadcast.count)
                broadcasts += 1
            }
            if count > 0 || broadcasts > 0 { channel.flush() }
        }
        if end < targets.count, !stopped {
            loop.assumeIsolated().execute { self.deliver(plan, to: targets, from: end) }
        } else {
            inProgress = false
            let now = NIODeadline.now()
            resumesAt = now + (now - startedAt) * 2
        }
    }
}
