/// Which players one event loop's receivers see when there are more players than a
/// receiver may see (PROTOCOL.md, "Visibility"): a stable set of at most `capacity`
/// players, with hysteresis. A member stays while it is still among the active; it gives
/// up its place only when it leaves, or when it has not moved for `hold` and a player who
/// just moved needs the place. Only members' cursor changes are sent, so a receiver gets
/// at most `capacity` × (the members' own move rate) cursor frames, however many others
/// move, and the set does not turn over while its members keep moving.
///
/// Pure bookkeeping: time is passed in (uptime nanoseconds, the clock of
/// `CursorUpdate.activity`), so it is tested without clocks.
struct VisibleSet: Sendable {
    /// How long a member keeps its place without moving while others wait for one.
    static let defaultHold: UInt64 = 3_000_000_000

    /// The most members: a receiver's `maxVisible` others, plus one, so that a receiver
    /// that is itself a member still sees `maxVisible` others.
    let capacity: Int
    let hold: UInt64
    /// Members and when each last moved or clicked (0: not yet).
    private(set) var members: [PlayerID: UInt64] = [:]
    /// Places handed to a new member, and places taken back, since the start: the set's
    /// churn is their rate.
    private(set) var admissions = 0
    private(set) var evictions = 0
    /// No member can be evicted before this time (a lower bound, recomputed when reached).
    private var nextEvictable: UInt64 = 0

    init(capacity: Int, hold: UInt64 = Self.defaultHold) {
        self.capacity = max(1, capacity)
        self.hold = hold
    }

    var count: Int { members.count }

    func contains(_ id: PlayerID) -> Bool {
        members[id] != nil
    }

    /// The members, most recently active first; those who never moved last, earliest
    /// login first.
    var byActivity: [PlayerID] {
        members.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map(\.key)
    }

    /// A player left: its place is free.
    mutating func remove(_ id: PlayerID) {
        members[id] = nil
    }

    /// Of one pass's changes (one per player, most recently active first), the ones to
    /// send: those of members, and of players admitted now. `everyoneFits`: the world
    /// holds no more than `capacity` players, so players who never moved are shown too.
    mutating func admit(_ changes: [CursorUpdate], everyoneFits: Bool, now: UInt64) -> [CursorUpdate] {
        var shown: [CursorUpdate] = []
        shown.reserveCapacity(min(changes.count, capacity))
        for update in changes {
            if let activity = members[update.id] {
                members[update.id] = max(activity, update.activity)
                shown.append(update)
                continue
            }
            guard update.activity > 0 || everyoneFits else { continue }
            if members.count >= capacity {
                guard evictIdlest(now: now) else { continue }
            }
            members[update.id] = update.activity
            if update.activity == 0 { nextEvictable = 0 }
            admissions += 1
            shown.append(update)
        }
        return shown
    }

    /// Takes back the place of the member that has been still the longest, if it has
    /// been still for at least `hold`.
    private mutating func evictIdlest(now: UInt64) -> Bool {
        guard now >= nextEvictable else { return false }
        guard let idlest = members.min(by: { ($0.value, $0.key) < ($1.value, $1.key) }) else { return false }
        guard idlest.value == 0 || now - min(now, idlest.value) >= hold else {
            nextEvictable = idlest.value + hold
            return false
        }
        members[idlest.key] = nil
        evictions += 1
        return true
    }
}
