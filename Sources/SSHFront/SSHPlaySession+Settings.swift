import DevServer
import Net
import NIOCore

extension SSHPlaySession {
    /// What every SSH session of one server shares: its game, password, output bound.
    struct Settings: Sendable {
        /// The game server this session logs in to, in this process: its logins are
        /// throttled by the SSH peer's address.
        var gateway: GameGateway
        var password: String
        /// Shown in the status pane as the server.
        var serverLabel: String
        /// How others join over SSH ("ssh -p PORT NAME@HOST"), for the help; set once
        /// the SSH server listens.
        var sshJoin: String?
        /// The most output that may wait for one client; past it nothing more is written.
        var maxPendingOutputBytes = 64 * 1024
        /// A client that takes no output for this long while some waits (or stays past the
        /// bound this long) is disconnected.
        var stallLimit: TimeAmount = .seconds(10)
        /// What the output bound did, across this server's sessions.
        var outputCounters = SSHOutputCounters()
        /// Screen updates are coalesced over this long (many cursors in one tick: one frame).
        var frameInterval: TimeAmount = .milliseconds(20)
        /// A change due to time alone ("last heard 1 s ago") is drawn this much late: the
        /// ping due at the same second, a few milliseconds late, then turns it back to 0 s
        /// in the same frame instead of costing two (an idle session's bytes halve).
        var clockSlack: TimeAmount = .milliseconds(100)
        /// Sees every message the sessions' game connections write and read (tests).
        var tap: SessionTap?
    }
}
