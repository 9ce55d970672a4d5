/// Where the game is drawn, for the help line and the `?` overlay: each lists only the
/// keys that work there and the way others join from there.
public enum HelpContext: Equatable, Sendable {
    /// `mousy play` in a terminal of this machine: Ctrl-Z suspends, others join with
    /// `mousy play --server`.
    case terminal
    /// An SSH session of the server's SSH front: no job control, and others join with
    /// `join`, the SSH command (e.g. "ssh -p 2222 NAME@127.0.0.1").
    case ssh(join: String)
}
