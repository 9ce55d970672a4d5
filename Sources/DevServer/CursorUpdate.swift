/// One player's cursor as it changed in one tick, on its way from the player's event loop
/// to every loop's receivers.
struct CursorUpdate: Sendable {
    var id: PlayerID
    var username: String
    var state: CursorState
    /// When the player last moved or clicked, in uptime nanoseconds (0: not yet): the
    /// order of the visible set.
    var activity: UInt64
}
