/// A box in the world, in world points with y up (as the protocol's cursors): `x`, `y`
/// is its bottom-left corner.
public struct Box: Sendable, Hashable {
    /// Its id, from 1; stable for the world's life.
    public let id: UInt32
    public var x: Int32
    public var y: Int32
    public let width: Int32
    public let height: Int32
    /// The id of the player holding it, 0 when nobody does.
    public var holder: UInt32 = 0

    public init(id: UInt32, x: Int32, y: Int32, width: Int32, height: Int32, holder: UInt32 = 0) {
        self.id = id
        self.x = x
        self.y = y
        self.width = width
        self.height = height
        self.holder = holder
    }

    /// Whether the two share any area (boxes that only touch at an edge do not overlap).
    @inlinable
    public func overlaps(_ other: Box) -> Bool {
        x < other.x &+ other.width && other.x < x &+ width && y < other.y &+ other.height && other.y < y &+ height
    }

    /// Whether the point lies on the box.
    @inlinable
    public func contains(x px: Int32, y py: Int32) -> Bool {
        px >= x && px < x &+ width && py >= y && py < y &+ height
    }

    /// Its centre, doubled so that it stays an integer.
    var doubledCentre: (x: Int64, y: Int64) {
        (2 * Int64(x) + Int64(width), 2 * Int64(y) + Int64(height))
    }
}
