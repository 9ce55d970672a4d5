import Messages

/// A player who left, on its way to every loop's receivers as PLAYER_LOGOUT.
struct Departure: Sendable {
    var id: PlayerID
    var username: String
    var reason: DisconnectReason
}
