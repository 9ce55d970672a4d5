/// Another player as last reported by the server (PLAYER_CURSOR).
struct RemotePlayer: Hashable, Sendable {
    var name: String
    /// Where the player is in the world; nil while it has not moved since it joined (a
    /// presence report at 0,0 with no button is no position), so it is listed, not drawn.
    var point: WorldPoint?
    var left: Bool
    var right: Bool
    /// Its colour slot on this screen (see `PlayerColors`).
    var colorSlot: Int = 0
    /// When its cursor last changed here (epoch microseconds): idle cursors are dimmed.
    var changedAtMicros: UInt64 = 0
}
