/// The other players a client remembers, bounded whatever a server sends: at most
/// `capacity` (least recently seen evicted first, and counted), kept in display order as
/// they come and go, so that nothing done per ping or per frame sorts or visits every
/// player.
///
/// Costs: a sighting of a known player O(1) amortised; a newcomer or a departure
/// O(log n) comparisons plus moving at most `capacity` references; the first `k` players in
/// order O(k). Keyed by the name as sent; ordered by the name as shown.
public struct PlayerRoster: Sendable {
    /// The default bound on remembered players.
    public static let defaultCapacity = 4096

    private struct Entry: Sendable {
        var player: RemotePlayer
        /// When it was last seen, in sightings (a counter, not a clock).
        var seen: UInt64
    }

    private struct Sighting: Sendable {
        var key: String
        var seen: UInt64
    }

    /// A place in the display order: the shown name, then the key for equal names.
    private struct Place: Sendable {
        var name: String
        var key: String
    }

    public let capacity: Int
    /// Players evicted to stay within `capacity`, since the roster was made.
    public private(set) var evicted = 0
    /// Changes whenever a player is added, changed or removed: whoever draws the players
    /// may skip the work while it stays the same.
    public private(set) var version = 0
    /// Comparisons made keeping the order (for tests: a ping or a redraw makes none).
    public private(set) var orderingWork = 0
    /// How many players hold each colour slot (see `PlayerColors`), kept as players come
    /// and go, so that a newcomer's colour is chosen without visiting every player.
    public private(set) var colorSlotUses = [Int](repeating: 0, count: PlayerColors.count)

    private var entries: [String: Entry] = [:]
    /// Sightings, oldest first from `recencyStart`; stale ones (a later sighting of the
    /// same key exists) are skipped when evicting and dropped when compacting.
    private var recency: [Sighting] = []
    private var recencyStart = 0
    private var order: [Place] = []
    private var sightings: UInt64 = 0
    private let areInIncreasingOrder: @Sendable (String, String) -> Bool

    /// A roster of at most `capacity` players, shown in the order `areInIncreasingOrder`
    /// gives their names.
    public init(capacity: Int = defaultCapacity, areInIncreasingOrder: @escaping @Sendable (String, String) -> Bool = { $0 < $1 }) {
        self.capacity = max(1, capacity)
        self.areInIncreasingOrder = areInIncreasingOrder
    }

    /// How many players it remembers.
    public var count: Int { entries.count }
    public var isEmpty: Bool { entries.isEmpty }

    /// The player sent as `key`; setting it is a sighting (``set(_:for:)``), setting nil
    /// forgets it.
    public subscript(key: String) -> RemotePlayer? {
        get { entries[key]?.player }
        set {
            if let newValue { set(newValue, for: key) } else { remove(key) }
        }
    }

    /// Every player, in no particular order.
    public var players: some Collection<RemotePlayer> {
        entries.values.lazy.map(\.player)
    }

    /// Every player with the key it was sent as, in no particular order.
    var keyedPlayers: some Collection<(key: String, player: RemotePlayer)> {
        entries.lazy.map { (key: $0.key, player: $0.value.player) }
    }

    /// Sightings held for eviction (for tests: stays within twice the players, plus 64).
    public var sightingsHeld: Int { recency.count }

    /// The first `limit` players in display order.
    public func inOrder(first limit: Int) -> [RemotePlayer] {
        order.prefix(max(0, limit)).map { entries[$0.key]!.player }
    }

    /// Every player in display order (no sorting: the order is kept as players come).
    public var inOrder: [RemotePlayer] {
        inOrder(first: order.count)
    }

    /// Records a sighting of the player sent as `key`: its new state, and that it is now
    /// the most recently seen. A newcomer beyond `capacity` evicts the least recently seen.
    public mutating func set(_ player: RemotePlayer, for key: String) {
        sightings += 1
        version &+= 1
        if var entry = entries[key] {
            let moved = entry.player.name != player.name
            if moved { removePlace(Place(name: entry.player.name, key: key)) }
            countSlot(entry.player.colorSlot, by: -1)
            countSlot(player.colorSlot, by: 1)
            entry.player = player
            entry.seen = sightings
            entries[key] = entry
            if moved { insertPlace(Place(name: player.name, key: key)) }
        } else {
            entries[key] = Entry(player: player, seen: sightings)
            countSlot(player.colorSlot, by: 1)
            insertPlace(Place(name: player.name, key: key))
            while entries.count > capacity, let oldest = popLeastRecent() {
                removeEntry(oldest)
                evicted += 1
            }
        }
        recency.append(Sighting(key: key, seen: sightings))
        // Counting the sightings already consumed too, so that their memory is given back.
        if recency.count > 2 * entries.count + 64 { compactRecency() }
    }

    /// Forgets the player sent as `key`; returns it if it was known.
    @discardableResult
    public mutating func remove(_ key: String) -> RemotePlayer? {
        guard let player = entries[key]?.player else { return nil }
        version &+= 1
        removeEntry(key)
        return player
    }

    /// Forgets every player (a new session); the eviction count stays.
    public mutating func removeAll() {
        guard !entries.isEmpty || !recency.isEmpty else { return }
        version &+= 1
        entries.removeAll()
        colorSlotUses = [Int](repeating: 0, count: PlayerColors.count)
        order.removeAll()
        recency.removeAll()
        recencyStart = 0
    }

    // MARK: - Internals

    private mutating func removeEntry(_ key: String) {
        guard let entry = entries.removeValue(forKey: key) else { return }
        countSlot(entry.player.colorSlot, by: -1)
        removePlace(Place(name: entry.player.name, key: key))
    }

    private mutating func countSlot(_ slot: Int, by change: Int) {
        if colorSlotUses.indices.contains(slot) { colorSlotUses[slot] += change }
    }

    /// The key of the least recently seen player, skipping stale sightings.
    private mutating func popLeastRecent() -> String? {
        while recencyStart < recency.count {
            let sighting = recency[recencyStart]
            recencyStart += 1
            if entries[sighting.key]?.seen == sighting.seen { return sighting.key }
        }
        return nil
    }

    /// Keeps one sighting per player (its latest), oldest first: the list stays within a
    /// small multiple of the players however often they are seen.
    private mutating func compactRecency() {
        recency = entries.map { Sighting(key: $0.key, seen: $0.value.seen) }.sorted { $0.seen < $1.seen }
        recencyStart = 0
    }

    private mutating func precedes(_ a: Place, _ b: Place) -> Bool {
        orderingWork += 1
        if areInIncreasingOrder(a.name, b.name) { return true }
        if areInIncreasingOrder(b.name, a.name) { return false }
        return a.key < b.key
    }

    /// The index of the first place not before `place` (binary search).
    private mutating func lowerBound(_ place: Place) -> Int {
        var low = 0
        var high = order.count
        while low < high {
            let middle = (low + high) / 2
            if precedes(order[middle], place) {
                low = middle + 1
            } else {
                high = middle
            }
        }
        return low
    }

    private mutating func insertPlace(_ place: Place) {
        order.insert(place, at: lowerBound(place))
    }

    private mutating func removePlace(_ place: Place) {
        let index = lowerBound(place)
        if index < order.count, order[index].key == place.key { order.remove(at: index) }
    }
}
