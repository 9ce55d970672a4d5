/// One event loop's view of every player's last known cursor, in visibility order: those
/// who moved, most recent first, then those who never moved, earliest login first. The
/// source of a newcomer's presence snapshot, and of who was ever shown to this loop's
/// players (whose departure they must hear of).
///
/// Updated only at fan-out, so a newcomer gets a change either in its snapshot or in the
/// next tick, never both. Memory is one entry per player.
struct WorldView: Sendable {
    /// One per player and loop: the links are plain ids with ``none`` for no player (ids
    /// start at 1), and the small fields come last, so an entry is 48 bytes, not 64.
    struct Entry: Sendable {
        var username: String
        var newer: PlayerID = WorldView.none
        var older: PlayerID = WorldView.none
        var state: CursorState
        /// Whether this loop has sent the player's cursor to anyone.
        var announced = false

        init(username: String, state: CursorState) {
            self.username = username
            self.state = state
        }
    }

    /// No player: the end of the list (``PlayerRegistry`` hands out ids from 1).
    static let none: PlayerID = 0

    private var entries: [PlayerID: Entry] = [:]
    private var newest: PlayerID?
    private var oldest: PlayerID?

    var count: Int { entries.count }

    /// Sets a player's state. A move or click makes it the most recently active; a
    /// player seen for the first time without having moved goes to the end.
    mutating func update(id: PlayerID, username: String, state: CursorState, moved: Bool) {
        if entries[id] != nil {
            entries[id]!.state = state
            guard moved else { return }
            unlink(id)
        } else {
            entries[id] = Entry(username: username, state: state)
            guard moved else {
                linkOldest(id)
                return
            }
        }
        linkNewest(id)
    }

    /// Removes a player; returns whether it had been announced to this loop's players.
    @discardableResult
    mutating func remove(_ id: PlayerID) -> Bool {
        guard let entry = entries[id] else { return false }
        unlink(id)
        entries[id] = nil
        return entry.announced
    }

    mutating func markAnnounced(_ id: PlayerID) {
        entries[id]?.announced = true
    }

    /// Up to `limit` players in visibility order.
    func mostRecent(_ limit: Int) -> [(id: PlayerID, username: String, state: CursorState)] {
        var result: [(id: PlayerID, username: String, state: CursorState)] = []
        result.reserveCapacity(min(limit, entries.count))
        var cursor = newest
        while let id = cursor, result.count < limit, let entry = entries[id] {
            result.append((id, entry.username, entry.state))
            cursor = Self.link(entry.older)
        }
        return result
    }

    func state(of id: PlayerID) -> CursorState? {
        entries[id]?.state
    }

    func username(of id: PlayerID) -> String? {
        entries[id]?.username
    }

    func isAnnounced(_ id: PlayerID) -> Bool {
        entries[id]?.announced ?? false
    }

    private static func link(_ id: PlayerID) -> PlayerID? {
        id == none ? nil : id
    }

    private mutating func linkNewest(_ id: PlayerID) {
        entries[id]!.older = newest ?? Self.none
        entries[id]!.newer = Self.none
        if let newest { entries[newest]!.newer = id }
        newest = id
        if oldest == nil { oldest = id }
    }

    private mutating func linkOldest(_ id: PlayerID) {
        entries[id]!.newer = oldest ?? Self.none
        entries[id]!.older = Self.none
        if let oldest { entries[oldest]!.older = id }
        oldest = id
        if newest == nil { newest = id }
    }

    private mutating func unlink(_ id: PlayerID) {
        let entry = entries[id]!
        if let newer = Self.link(entry.newer) { entries[newer]!.older = entry.older } else { newest = Self.link(entry.older) }
        if let older = Self.link(entry.older) { entries[older]!.newer = entry.newer } else { oldest = Self.link(entry.newer) }
        entries[id]!.newer = Self.none
        entries[id]!.older = Self.none
    }
}
