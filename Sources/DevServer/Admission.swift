/// A login the ``LoginDesk`` let in: the player's id, how many play now (itself
/// included), the login's serial and resume token, and, for a session taken over, the
/// login it replaces.
struct Admission: Sendable {
    var id: PlayerID
    var online: Int
    var serial: UInt64
    var token: ResumeToken
    var previous: PlayerRegistry.SessionHolder?
    /// A player back within its resume grace after the ping timeout reaped it.
    var returned = false
}
