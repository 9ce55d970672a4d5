import Messages

extension GameState {
    /// A message from the server for the screen: the one switch over message kinds that
    /// the UIs share (`mousy play`, SSH sessions, and `mousy watch` through
    /// ``line(for:)``). Net's `ClientSession` hands through, as `ClientEvent.message`, each
    /// message it does not digest itself; no `default:`, so a new kind is named here.
    public mutating func received(_ message: WireMessage, now: UInt64) {
        switch message {
        case .playerCursor(let update):
            cursor(update, now: now)
        case .playerLogout(let goodbye):
            playerLeft(username: goodbye.username, now: now)
        case .chat(let line):
            chat(line)
        case .gameObject(let object):
            lastContactMicros = max(lastContactMicros ?? 0, now)
            objects.update(object)
        case .playerLogin, .mouseMove, .ping, .loginResult:
            break  // the session's own (login, pings), or a client's
        }
    }

    /// The line `mousy watch` prints for a message from the server (sanitised), if it
    /// prints one: chat lines it does, cursors and departures it does not.
    public static func line(for message: WireMessage) -> String? {
        switch message {
        case .chat(let line):
            watchLine(for: line)
        case .playerCursor, .playerLogout, .playerLogin, .mouseMove, .ping, .loginResult, .gameObject:
            nil
        }
    }
}
