/// What the client tells the server about this player's pointer: a play-area cell and
/// the buttons held there (a MOUSE_EVENT).
struct PointerUpdate: Hashable, Sendable {
    var cell: PlayCell
    var left: Bool
    var right: Bool
}
