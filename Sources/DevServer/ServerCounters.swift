import Histogram
import Messages

/// The server's counters, the one record both the stats line and `/metrics` read.
///
/// Each event loop keeps its own, written only on that loop with plain adds (no lock, no
/// atomic: the hot path counts over 10 M frames/s); readers sum the loops' copies.
public struct ServerCounters: Sendable {
    /// Open connections, logged in or not.
    public internal(set) var connections = 0
    /// Players logged in now.
    public internal(set) var playersOnline = 0
    /// Successful logins since start.
    public internal(set) var logins = 0
    /// Sessions taken over by a new connection with their resume token since start.
    public internal(set) var sessionsResumed = 0
    /// Refused logins since start, by reason.
    public internal(set) var refusals: [RefusalReason: Int] = [:]
    /// Frames received since start, by type.
    public internal(set) var framesInByType = FrameCounts()
    /// Frames sent since start, by type.
    public internal(set) var framesOutByType = FrameCounts()
    /// Pings sent since start.
    public internal(set) var pingsSent = 0
    /// How late each ping went out after its due time, in microseconds.
    public internal(set) var pingLateness = Histogram<UInt64>.latency()
    /// The players' round trips, in microseconds: one sample per bounce of a ping.
    public internal(set) var roundTrip = Histogram<UInt64>.latency()
    /// Connections ended since start, by reason.
    public internal(set) var disconnects: [DisconnectReason: Int] = [:]
    /// Chat lines refused since start: sent faster than the per-player rate.
    public internal(set) var chatsRefused = 0
    /// Broadcast messages dropped since start because a loop's queue of them was full.
    public internal(set) var broadcastsDropped = 0
    /// Objects in the shared world, and those that moved at the last tick (0 once settled).
    public internal(set) var objects = 0
    public internal(set) var movingObjects = 0
    /// How long each tick of the world's simulation took, in microseconds.
    public internal(set) var shapeTickTime = Histogram<UInt64>.latency()

    public init() {}

    /// Refused logins since start.
    public var loginsRefused: Int { refusals.values.reduce(0, +) }
    /// Frames received since start.
    public var framesIn: Int { framesInByType.total }
    /// Frames sent since start.
    public var framesOut: Int { framesOutByType.total }
    /// MOUSE_EVENT frames received since start.
    public var mouseEventsIn: Int { framesInByType[.mouseEvent] }

    static func + (a: ServerCounters, b: ServerCounters) -> ServerCounters {
        var sum = a
        sum.connections += b.connections
        sum.playersOnline += b.playersOnline
        sum.logins += b.logins
        sum.sessionsResumed += b.sessionsResumed
        sum.refusals.merge(b.refusals, uniquingKeysWith: +)
        sum.framesInByType = sum.framesInByType + b.framesInByType
        sum.framesOutByType = sum.framesOutByType + b.framesOutByType
        sum.pingsSent += b.pingsSent
        sum.pingLateness.add(b.pingLateness)
        sum.roundTrip.add(b.roundTrip)
        sum.disconnects.merge(b.disconnects, uniquingKeysWith: +)
        sum.chatsRefused += b.chatsRefused
        sum.broadcastsDropped += b.broadcastsDropped
        sum.objects += b.objects
        sum.movingObjects += b.movingObjects
        sum.shapeTickTime.add(b.shapeTickTime)
        return sum
    }
}
