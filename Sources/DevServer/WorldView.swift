/// One event loop's view of every player's last known cursor, ordered by how recently
/// each acted: the source of a newcomer's presence snapshot. Updated only at fan-out, so
/// a newcomer gets either a change in its snapshot or in the next tick, never both.
/// Memory is one entry per player.
struct WorldView: Sendable {
    struct Entry: Sendable {
        var username: String
        var state: CursorState
        var newer: PlayerID?
        var older: PlayerID?
    }

    private var entries: [PlayerID: Entry] = [:]
    private var newest: PlayerID?
    private var oldest: PlayerID?

    var count: Int { entries.count }

    /// Sets a player's state and makes it the most recently active.
    mutating func update(id: PlayerID, username: String, state: CursorState) {
        if entries[id] != nil {
            unlink(id)
            entries[id]!.state = state
        } else {
            entries[id] = Entry(username: username, state: state)
        }
        entries[id]!.older = newest
        entries[id]!.newer = nil
        if let newest { entries[newest]!.newer = id }
        newest = id
        if oldest == nil { oldest = id }
    }

    mutating func remove(_ id: PlayerID) {
        guard entries[id] != nil else { return }
        unlink(id)
        entries[id] = nil
    }

    /// Up to `limit` players, most recently active first.
    func mostRecent(_ limit: Int) -> [(id: PlayerID, username: String, state: CursorState)] {
        var result: [(id: PlayerID, username: String, state: CursorState)] = []
        result.reserveCapacity(min(limit, entries.count))
        var cursor = newest
        while let id = cursor, result.count < limit, let entry = entries[id] {
            result.append((id, entry.username, entry.state))
            cursor = entry.older
        }
        return result
    }

    func state(of id: PlayerID) -> CursorState? {
        entries[id]?.state
    }

    private mutating func unlink(_ id: PlayerID) {
        let entry = entries[id]!
        if let newer = entry.newer { entries[newer]!.older = entry.older } else { newest = entry.older }
        if let older = entry.older { entries[older]!.newer = entry.newer } else { oldest = entry.newer }
    }
}
