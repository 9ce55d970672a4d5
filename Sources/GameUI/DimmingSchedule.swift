/// When drawn cursors turn idle (and are dimmed), kept as they change so that the next
/// such moment is found without visiting every player: a frame or a tick asks for it.
///
/// Each change of a drawn cursor appends its player and time; times only grow (a clock
/// stepped back can only make a dimming drawn late, with the next frame), so the first entry that is still the player's latest change and not yet idle is the next to
/// turn idle. Entries overtaken by a later change, or for players gone, are skipped and
/// dropped from the front as time passes (``advance(to:players:)``); the list is rebuilt
/// from the players when it holds more than twice as many entries as there are players,
/// so it stays within a small multiple of them however often they move.
///
/// Costs: a change O(1) amortised; ``next(after:players:)`` right after
/// ``advance(to:players:)`` O(1), else the entries that went idle since.
struct DimmingSchedule: Sendable {
    private struct Entry: Sendable {
        var key: String
        var changedAt: UInt64
    }

    let idleMicros: UInt64
    private var entries: [Entry] = []
    private var start = 0
    init(idleMicros: UInt64) {
        self.idleMicros = idleMicros
    }

    /// Entries held (for tests: stays within twice the players, plus 64).
    var count: Int { entries.count - start }

    /// The player sent as `key`, now drawn, changed at `time`.
    mutating func changed(_ key: String, at time: UInt64, players: PlayerRoster) {
        entries.append(Entry(key: key, changedAt: time))
        advance(to: time, players: players)
        if count > 2 * players.count + 64 { rebuild(players: players, now: time) }
    }

    /// Drops the entries at the front that no longer say when a cursor dims: overtaken,
    /// for a player gone or undrawn, or past.
    mutating func advance(to now: UInt64, players: PlayerRoster) {
        while start < entries.count, !isPending(entries[start], now: now, players: players) {
            start += 1
        }
        if start > 64, start * 2 > entries.count {
            entries.removeFirst(start)
            start = 0
        }
    }

    /// When the next drawn cursor turns idle after `now`, or nil when none will.
    func next(after now: UInt64, players: PlayerRoster) -> UInt64? {
        let index = firstPending(after: now, players: players)
        return index < entries.count ? entries[index].changedAt + idleMicros : nil
    }

    /// How many entries ``next(after:players:)`` looks at (for tests: stays small).
    func searchLength(after now: UInt64, players: PlayerRoster) -> Int {
        firstPending(after: now, players: players) - start + 1
    }

    mutating func removeAll() {
        entries.removeAll()
        start = 0
    }

    private func firstPending(after now: UInt64, players: PlayerRoster) -> Int {
        var index = start
        while index < entries.count, !isPending(entries[index], now: now, players: players) {
            index += 1
        }
        return index
    }

    /// True when `entry` is its player's latest change, the cursor is drawn, and it is
    /// not idle yet at `now`.
    private func isPending(_ entry: Entry, now: UInt64, players: PlayerRoster) -> Bool {
        guard let player = players[entry.key], player.point != nil, player.changedAtMicros == entry.changedAt else { return false }
        return entry.changedAt + idleMicros > now
    }

    /// One entry per drawn player not yet idle, oldest change first.
    private mutating func rebuild(players: PlayerRoster, now: UInt64) {
        entries = players.keyedPlayers
            .filter { $0.player.point != nil && $0.player.changedAtMicros + idleMicros > now }
            .map { Entry(key: $0.key, changedAt: $0.player.changedAtMicros) }
            .sorted { $0.changedAt < $1.changedAt }
        start = 0
    }
}
