/// Another player as last reported by the server (PLAYER_CURSOR).
struct RemotePlayer: Hashable, Sendable {
    var name: String
    var cell: PlayCell
    var left: Bool
    var right: Bool
}
