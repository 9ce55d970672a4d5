import Messages

/// What `mousy watch` prints of the players: "NAME is playing" the first time a name is
/// seen, "NAME left (REASON)" when it goes, and with `everyCursor` each cursor. Names
/// and reasons come from the network: sanitised before they are printed.
struct WatchedPlayers {
    /// The most names remembered: a server may send any number; past this the oldest
    /// are forgotten (and would be announced again).
    static let capacity = 4096

    private var seen: [String: Int] = [:]
    private var order: [String] = []

    /// The lines for a cursor: the arrival, the first time; then the cursor, if asked for.
    mutating func lines(for cursor: PlayerCursor, everyCursor: Bool) -> [String] {
        let name = NetworkText.sanitized(cursor.username)
        var lines: [String] = []
        if seen[cursor.username] == nil {
            if order.count >= Self.capacity {
                seen[order.removeFirst()] = nil
            }
            seen[cursor.username] = 1
            order.append(cursor.username)
            lines.append("\(name) is playing")
        }
        if everyCursor {
            lines.append("\(name) \(cursor.x),\(cursor.y)" + (cursor.leftClick ? " L" : "") + (cursor.rightClick ? " R" : ""))
        }
        return lines
    }

    /// The line for a departure (nil for a name never seen: there is nothing to undo).
    mutating func left(_ username: String, reason: String) -> String? {
        guard seen.removeValue(forKey: username) != nil else { return nil }
        order.removeAll { $0 == username }
        let why = NetworkText.sanitized(reason)
        return "\(NetworkText.sanitized(username)) left" + (why.isEmpty ? "" : " (\(why))")
    }
}
