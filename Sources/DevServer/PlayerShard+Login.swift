import Logging
import Messages
import NIOCore

/// Logins: admitting a player (LOGIN_RESULT, presence, pings), and handing a session over
/// to the connection that resumes it.
extension PlayerShard {
    func login(_ login: PlayerLogin, for session: PlayerSession) {
        let here = NIOLoopBound(self, eventLoop: loop)
        guard let admission = desk.review(login, from: session, shard: here) else { return }
        session.id = admission.id
        session.username = login.username
        session.spectator = login.spectator
        session.loginSerial = admission.serial
        session.understands = .listed(login.understands, unlisted: .unlistedClient)
        guard let previous = admission.previous else {
            admit(session, admission, handover: nil)
            return
        }
        // The old connection's loop retires it and hands its cursor over; then this one
        // carries on as the same player.
        session.phase = .resuming
        previous.shard.eventLoop.submit {
            previous.shard.value.handOver(id: previous.id, serial: previous.serial)
        }.hop(to: loop).assumeIsolated().whenComplete { result in
            self.admit(session, admission, handover: (try? result.get()) ?? nil)
        }
    }

    /// Makes the session a player: LOGIN_RESULT with its resume token and the presence
    /// snapshot, then fan-out and pings.
    private func admit(_ session: PlayerSession, _ admission: Admission, handover: Handover?) {
        let name = session.username
        let resumed = admission.previous != nil
        guard session.phase != .closed, !shuttingDown else {
            // Gone while its session was handed over: the player leaves after all.
            if resumed, registry.release(name, serial: admission.serial) {
                fanOut.depart(id: admission.id, username: name, reason: session.closeReason ?? .connectionClosed)
            }
            return
        }
        session.phase = .playing
        playing[admission.id] = session
        if !session.spectator { ownCounters.playersOnline += 1 }
        if resumed {
            ownCounters.sessionsResumed += 1
            session.roundTripMicros = handover?.roundTripMicros ?? 0
            logger.info("SESSION RESUMED FOR Username: \(LoginDesk.shown(name)) (\(session.peer))")
        } else if admission.returned {
            ownCounters.sessionsResumed += 1
            logger.info("SESSION RESUMED FOR Username: \(LoginDesk.shown(name)) (\(session.peer)), back after its ping timeout")
        } else {
            ownCounters.logins += 1
            logger.info("ACCESS GRANTED FOR Username: \(name)\(session.spectator ? " (spectator)" : "")")
        }

        let channel = session.channel
        var out = channel.allocator.buffer(capacity: 64)
        frames.append(.loginResult(.with {
            $0.ok = true
            $0.pingIntervalMs = UInt32(clamping: configuration.pingInterval.nanoseconds / 1_000_000)
            $0.playersOnline = UInt32(clamping: admission.online)
            $0.resumeToken = admission.token.data
            $0.worldWidth = UInt32(clamping: configuration.worldWidth)
            $0.worldHeight = UInt32(clamping: configuration.worldHeight)
            $0.understands = MessageKinds.all.types
            $0.tickHz = configuration.shapes > 0 ? configuration.shapeTickHz : 0
        }), to: &out)
        ownCounters.framesOutByType.count(.loginResult)
        if resumed {
            fanOut.resume(session, welcome: &out, handover: handover)
        } else {
            fanOut.join(session, welcome: &out)
        }
        channel.writeAndFlush(out, promise: nil)
        if let shapes, session.understands.contains(.gameObject) {
            ShapeService.sendWorld(to: NIOLoopBound(session, eventLoop: loop), from: shapes, frames: frames)
        }
        pinger.add(session)
    }

    /// Another connection has taken over the session of login `serial`: this one hears
    /// PLAYER_LOGOUT "resumed on another connection" and is closed, and nobody else hears
    /// of it. Returns the session's state for the new connection; nil if it was gone.
    func handOver(id: PlayerID, serial: UInt64) -> Handover? {
        guard let old = playing[id], old.loginSerial == serial, old.phase == .playing else { return nil }
        let handover = Handover(
            cursor: old.cursor,
            pendingChange: !old.changes.isEmpty,
            lastActivity: old.lastActivity,
            roundTripMicros: old.roundTripMicros
        )
        logger.info("\(old.logName) resumed on another connection")
        old.closeReason = .resumed
        end(old, reason: .resumed)  // the registry is the new login's already: no departure
        let channel = old.channel
        let goodbye = frames.encode(.playerLogout(.with {
            $0.username = old.username
            $0.reason = DisconnectReason.resumed.rawValue
        }), allocator: channel.allocator)
        ownCounters.framesOutByType.count(.playerLogout)
        channel.writeAndFlush(goodbye).whenComplete { _ in channel.close(promise: nil) }
        return handover
    }
}
