import SwiftProtobuf

/// One protocol message, typed: a case per frame type of the Mousy wire protocol,
/// each carrying its generated protobuf message (a ``FramedMessage``).
///
/// Switches over it have no `default:`, so a new case makes the compiler name every
/// place that must handle it.
public enum WireMessage: Sendable, Hashable {
    /// Type 1, client → server: the first frame of a session.
    case playerLogin(PlayerLogin)
    /// Type 2, client → server: pointer position and buttons (the original's MouseEvent).
    case mouseMove(MouseMove)
    /// Type 3, server → client and the client's bounce back.
    case ping(Ping)
    /// Type 4, server → client: the answer to a login.
    case loginResult(LoginResult)
    /// Type 5, server → client: another player's cursor.
    case playerCursor(PlayerCursor)
    /// Type 6, both ways: a player leaves.
    case playerLogout(PlayerLogout)

    /// The frame type byte this message travels under.
    public var type: MType {
        switch self {
        case .playerLogin: PlayerLogin.frameType
        case .mouseMove: MouseMove.frameType
        case .ping: Ping.frameType
        case .loginResult: LoginResult.frameType
        case .playerCursor: PlayerCursor.frameType
        case .playerLogout: PlayerLogout.frameType
        }
    }
}

extension WireMessage: CustomStringConvertible {
    /// A log-safe rendering: a login's password is never shown.
    public var description: String {
        switch self {
        case .playerLogin(let m): "PlayerLogin(username: \(m.username.debugDescription), password: <\(m.password.utf8.count) bytes>)"
        case .mouseMove(let m): "MouseMove(x: \(m.x), y: \(m.y), left: \(m.leftClick), right: \(m.rightClick))"
        case .ping(let m): "Ping(sent: \(m.sentEpoch), bounce: \(m.bounceEpoch), received: \(m.receivedEpoch), rtt_us: \(m.rttUs))"
        case .loginResult(let m): "LoginResult(ok: \(m.ok), reason: \(m.reason.debugDescription), ping_interval_ms: \(m.pingIntervalMs), players_online: \(m.playersOnline))"
        case .playerCursor(let m): "PlayerCursor(\(m.username.debugDescription), x: \(m.x), y: \(m.y), left: \(m.leftClick), right: \(m.rightClick))"
        case .playerLogout(let m): "PlayerLogout(\(m.username.debugDescription), reason: \(m.reason.debugDescription))"
        }
    }
}
