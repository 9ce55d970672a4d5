/// Another player as last reported by the server (PLAYER_CURSOR).
public struct RemotePlayer: Hashable, Sendable {
    public var name: String
    /// Where the player is in the world; nil while it has not moved since it joined (a
    /// presence report at 0,0 with no button is no position), so it is listed, not drawn.
    public var point: WorldPoint?
    public var left: Bool
    public var right: Bool
    /// Its colour slot on this screen (see `PlayerColors`).
    public var colorSlot: Int = 0
    /// When its cursor last changed here (epoch microseconds): idle cursors are dimmed.
    public var changedAtMicros: UInt64 = 0
}
