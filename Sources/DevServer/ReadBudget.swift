import DequeModule
import NIOCore

/// One event loop's budget of bytes read from all its sockets per turn of the loop.
///
/// Past the budget, a connection that wants to read waits (parked) for a later turn, so
/// pings and logins are never stuck behind a flood, however many players flood. Confined
/// to its loop: the shard and the loop's handlers use it there and nowhere else.
final class ReadBudget {
    /// Bytes read per event-loop turn before further reads wait for a later turn (about
    /// 10 ms of decoding).
    static let bytesPerTurn = 256 * 1024
    /// Waiting connections allowed to read again per turn, oldest first.
    static let readsResumedPerTurn = 32

    private let loop: EventLoop
    private var bytesReadThisTurn = 0
    private var turnEndScheduled = false
    private var parkedReaders: Deque<PlayerSessionHandler> = []
    /// When the bytes being decoded were read (uptime nanoseconds): one clock reading per
    /// socket read, not per frame.
    private(set) var readStamp: UInt64 = 1

    init(loop: EventLoop) {
        self.loop = loop
    }

    /// Whether a connection may read now; if not, it should ``park(_:)``.
    func mayRead() -> Bool {
        bytesReadThisTurn < Self.bytesPerTurn && parkedReaders.isEmpty
    }

    func didRead(bytes: Int) {
        readStamp = NIODeadline.now().uptimeNanoseconds
        bytesReadThisTurn += bytes
        scheduleTurnEnd()
    }

    /// The reader is resumed (``PlayerSessionHandler/resumeReading()``) in a later turn.
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
            loop.assumeIsolated().execute { self.endTurn() }
        } else {
            loop.assumeIsolated().scheduleTask(in: .milliseconds(1)) { self.endTurn() }
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
}
