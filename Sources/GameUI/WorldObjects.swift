import Messages

/// The objects of the shared world as the server last sent them (GAME_OBJECT), by id.
///
/// A state older (by its `tick`) than the one held is ignored: the copy of the whole
/// world sent after login may cross a change on its way. At most ``capacity`` objects
/// are kept, since a server may send any number of ids.
public struct WorldObjects: Sendable {
    /// The most objects kept; a new id past it is ignored.
    public static let capacity = 4096

    public private(set) var byID: [UInt32: GameObject] = [:]
    /// Changes with every accepted update, so a view knows when to draw again.
    public private(set) var version = 0
    /// The server's simulation rate (LOGIN_RESULT's `tick_hz`); 0 when it did not say.
    public var ticksPerSecond = 0
    /// An object changed since the last ping, and whether the still world was told
    /// (``settledLine()``).
    private var changedSincePing = true
    private var settledTold = false

    public init() {}

    /// How many objects the world holds.
    public var count: Int { byID.count }

    /// The objects in id order: later ids are drawn over earlier ones, as the server
    /// stacks them (a press picks the topmost).
    public var inOrder: [GameObject] { byID.values.sorted { $0.id < $1.id } }

    /// Takes a GAME_OBJECT in; returns the state it replaced (nil for a new object), or
    /// nil with `accepted` false when it is older than the one held or past the cap.
    @discardableResult
    public mutating func update(_ object: GameObject) -> (accepted: Bool, previous: GameObject?) {
        let previous = byID[object.id]
        if let previous, previous.tick > object.tick { return (false, previous) }
        if previous == nil, byID.count >= Self.capacity { return (false, nil) }
        byID[object.id] = object
        version &+= 1
        if previous != object { (changedSincePing, settledTold) = (true, false) }
        return (true, previous)
    }

    /// The line `mousy watch --shapes` prints when an object goes from `previous` to
    /// `object`: a pickup or a drop (names sanitised); nil when neither.
    public static func line(from previous: GameObject?, to object: GameObject) -> String? {
        let before = previous?.holder ?? ""
        guard before != object.holder else { return nil }
        let at = "at \(object.x),\(object.y)"
        if object.holder.isEmpty {
            return "\(shown(before)) dropped box \(object.id) \(at)"
        }
        return "\(shown(object.holder)) picked up box \(object.id) \(at)"
    }

    /// Called at each ping: `world settled: 12 boxes, 1 held` once the world holds
    /// objects and none changed over a whole ping interval (a server sends nothing while
    /// its world is settled), once per still spell; nil otherwise.
    public mutating func settledLine() -> String? {
        defer { changedSincePing = false }
        guard !changedSincePing, !settledTold, !byID.isEmpty else { return nil }
        settledTold = true
        let held = byID.values.reduce(0) { $0 + ($1.holder.isEmpty ? 0 : 1) }
        return "world settled: \(count) box\(count == 1 ? "" : "es"), \(held) held"
    }

    private static func shown(_ name: String) -> String {
        NetworkText.sanitized(name, maximumBytes: GameState.nameBytesShown)
    }

    /// Forgets every object (a new session gets the whole world again).
    public mutating func removeAll() {
        (changedSincePing, settledTold) = (true, false)
        guard !byID.isEmpty else { return }
        byID.removeAll()
        version &+= 1
    }
}
