/// Why an SSH play session ends.
enum SSHSessionEnd: Hashable, Sendable {
    /// `q` or Ctrl-C.
    case quit
    /// The SSH client closed the channel or dropped the connection.
    case clientGone
    /// The SSH server is shutting down.
    case serverShutdown
    /// The game refused the login or ended the session; one sentence for the player.
    case failed(String)
    /// The player's output backed up past the bound for too long.
    case stalled

    /// The exit status the SSH client reports.
    var exitStatus: Int {
        switch self {
        case .quit: 0
        case .clientGone, .serverShutdown, .failed, .stalled: 1
        }
    }
}
