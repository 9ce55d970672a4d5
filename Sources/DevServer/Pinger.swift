import Messages
import NIOCore

/// Pings one event loop's players on time: one timer for the loop, armed for the
/// earliest due player of its ``PingSchedule``, and the round trip of each bounce.
///
/// A player that has bounced pings and then leaves every ping unanswered for the ping
/// timeout is handed to ``timedOut`` (checked when its next ping is due); a player that
/// never bounced is never timed out. Confined to its loop.
final class Pinger {
    private let loop: EventLoop
    private let interval: TimeAmount
    private let timeout: TimeAmount?
    private let frames: ServerFrames
    /// The players online server-wide, announced in every ping.
    private let playersOnline: () -> Int
    /// Called for a player past the ping timeout; it gets no more pings.
    var timedOut: (PlayerSession) -> Void = { _ in }
    private var schedule = PingSchedule<PlayerSession>()
    private var timer: Scheduled<Void>?
    private var stopped = false
    /// Pings sent, their frames, their lateness and the round trips of their bounces.
    private(set) var counters = ServerCounters()

    init(loop: EventLoop, interval: TimeAmount, timeout: TimeAmount?, frames: ServerFrames, playersOnline: @escaping () -> Int) {
        self.loop = loop
        self.interval = interval
        self.timeout = timeout
        self.frames = frames
        self.playersOnline = playersOnline
    }

    /// Pings a newly logged-in player from one interval on.
    func add(_ session: PlayerSession) {
        schedule.add(session, due: .now() + interval)
        arm()
    }

    /// A player's bounce of one of our pings: its round trip goes out with the next ping.
    func bounced(_ ping: Ping, by session: PlayerSession) {
        let now = Epoch.nowMicros()
        // Only a plausible echo of one of our pings counts.
        guard ping.sentEpoch > 0, ping.sentEpoch <= now, now - ping.sentEpoch < 60_000_000 else { return }
        session.roundTripMicros = UInt32(now - ping.sentEpoch)
        session.hasBounced = true
        session.unansweredSince = nil
        counters.roundTrip.record(nanoseconds: Int64(now - ping.sentEpoch) * 1000)
    }

    /// No more pings (shutdown).
    func stop() {
        stopped = true
        timer?.cancel()
        timer = nil
    }

    private func arm() {
        guard timer == nil, !stopped, let due = schedule.nextDue else { return }
        timer = loop.assumeIsolated().scheduleTask(deadline: due) {
            self.timer = nil
            self.sendDuePings()
        }
    }

    private func sendDuePings() {
        let now = NIODeadline.now()
        let epoch = Epoch.nowMicros()
        // Read once per round of due pings: the registry's lock is shared by every loop.
        let online = UInt32(clamping: playersOnline())
        while let (due, session) = schedule.popDue(now: now) {
            // A player who left drops out of the schedule here.
            guard session.phase == .playing else { continue }
            if session.hasBounced {
                if let since = session.unansweredSince, let timeout, now - since >= timeout {
                    timedOut(session)
                    continue
                }
                if session.unansweredSince == nil { session.unansweredSince = now }
            }
            let ping = frames.encode(.ping(.with {
                $0.sentEpoch = epoch
                $0.rttUs = session.roundTripMicros
                $0.playersOnline = online
            }), allocator: session.channel.allocator)
            counters.framesOutByType.count(.pingEvent)
            counters.pingsSent += 1
            counters.pingLateness.record(nanoseconds: (now - due).nanoseconds)
            session.channel.writeAndFlush(ping, promise: nil)
            var next = due + interval
            if next <= now { next = now + interval }  // fell a whole interval behind: resume the cadence
            schedule.add(session, due: next)
        }
        arm()
    }
}
