import Messages
import Net
import NIOConcurrencyHelpers

/// Records what a ``SessionTap`` sees: the messages a session driver wrote and read, the
/// first `limit` of each.
public final class TapRecorder: Sendable {
    private let limit: Int
    private let box = NIOLockedValueBox<(sent: [WireMessage], received: [WireMessage])>(([], []))

    public init(limit: Int = 4096) {
        self.limit = limit
    }

    /// A tap that records into this recorder.
    public var tap: SessionTap {
        let (box, limit) = (self.box, self.limit)
        return SessionTap(
            sent: { message in box.withLockedValue { if $0.sent.count < limit { $0.sent.append(message) } } },
            received: { message in box.withLockedValue { if $0.received.count < limit { $0.received.append(message) } } }
        )
    }

    /// What the driver wrote so far.
    public var sent: [WireMessage] { box.withLockedValue { $0.sent } }
    /// What the driver read so far.
    public var received: [WireMessage] { box.withLockedValue { $0.received } }

    /// The driver wrote a login for `username` (as a spectator, when `spectator`).
    public func sentLogin(_ username: String, spectator: Bool = false) -> Bool {
        sent.contains { if case .playerLogin(let login) = $0 { login.username == username && login.spectator == spectator } else { false } }
    }

    /// The driver read a LOGIN_RESULT that accepted it.
    public var receivedWelcome: Bool {
        received.contains { if case .loginResult(let result) = $0 { result.ok } else { false } }
    }
}
