import Messages

/// What the UI asks of the network, through ``ClientQueue/send(_:)``.
public enum ClientCommand: Sendable, Hashable {
    /// The pointer is at this play-area cell with these buttons held.
    case move(x: Int32, y: Int32, left: Bool, right: Bool)
    /// A message for the server, one the session does not send on its own (see
    /// ``ClientSession/send(_:)``): sent in order while logged in, else dropped.
    case send(WireMessage)
    /// Say goodbye (PLAYER_LOGOUT), close, and stop the networking.
    case quit
}
