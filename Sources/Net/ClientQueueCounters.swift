/// What a ``ClientQueue`` merged or dropped, since it was made.
public struct ClientQueueCounters: Sendable, Hashable {
    /// Mouse moves replaced by a newer position before the network took them.
    public var coalescedMoves: Int = 0
    /// Cursor events replaced by a newer one for the same player before the UI took them.
    public var coalescedCursors: Int = 0
    /// Pings and new players' cursors dropped because the event queue was full.
    public var droppedEvents: Int = 0
    /// Handed-through messages (chat) dropped because the UI fell behind; the UI was told.
    public var droppedMessages: Int = 0
    /// Goodbyes of players the queue never passed a cursor of (nobody to remove).
    public var droppedLogouts: Int = 0
    /// Times the network left waiting moves in the queue because the connection's
    /// outbound buffer was full (the server not reading): backpressure, as tests see it.
    public var heldBackDrains: Int = 0

    public init() {}
}
