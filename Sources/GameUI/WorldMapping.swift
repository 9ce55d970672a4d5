/// Maps the cells of a play area of any size to points of the shared world and back.
/// Pure arithmetic, recomputed on every resize.
///
/// Column `c` of `columns` covers the world's x in [c·W/columns, (c+1)·W/columns); row
/// `r` (0 at the top) covers y in [(rows-1-r)·H/rows, (rows-r)·H/rows), since the world's
/// y grows upwards. A cell is sent as the whole point nearest its centre that lies in
/// it, so cell → point → cell is the identity whenever the area has no more cells across
/// than the world has points. A point maps to the cell that covers it; a point outside
/// the world is pinned to the nearest cell of the edge, with the direction it lies in.
public struct WorldMapping: Hashable, Sendable {
    /// Where a world point is drawn.
    public struct Placement: Hashable, Sendable {
        public var cell: PlayCell
        /// Set when the point is outside the world and `cell` is on the edge.
        public var offWorld: OffWorld?
    }

    public let columns: Int
    public let rows: Int
    public let world: WorldSize

    /// The mapping for a play area of `columns` x `rows` cells.
    public init(columns: Int, rows: Int, world: WorldSize = .original) {
        self.columns = max(1, columns)
        self.rows = max(1, rows)
        self.world = WorldSize(width: max(1, world.width), height: max(1, world.height))
    }

    /// The mapping for the play area of `layout`.
    public init(layout: Layout, world: WorldSize) {
        self.init(columns: layout.playArea.width, rows: layout.playArea.height, world: world)
    }

    /// The world point a play-area cell stands for.
    public func point(of cell: PlayCell) -> WorldPoint {
        let column = min(max(Int(cell.x), 0), columns - 1)
        let row = min(max(Int(cell.y), 0), rows - 1)
        let x = Self.point(ofSlot: column, slots: columns, extent: world.width)
        let y = Self.point(ofSlot: rows - 1 - row, slots: rows, extent: world.height)
        return WorldPoint(x: Int32(clamping: x), y: Int32(clamping: y))
    }

    /// The cell showing `point`, pinned to the edge when the point is outside the world.
    public func placement(of point: WorldPoint) -> Placement {
        let x = Int(point.x)
        let y = Int(point.y)
        let column = Self.slot(of: x, slots: columns, extent: world.width)
        let rowFromBottom = Self.slot(of: y, slots: rows, extent: world.height)
        let cell = PlayCell(x: column, y: rows - 1 - rowFromBottom)
        return Placement(cell: cell, offWorld: world.offWorld(point))
    }

    /// The whole point nearest the centre of slot `index` that lies inside the slot
    /// (when a slot is narrower than one point, just the centre's).
    private static func point(ofSlot index: Int, slots: Int, extent: Int) -> Int {
        let centre = ((2 * index + 1) * extent) / (2 * slots)
        let first = (index * extent + slots - 1) / slots          // ceil(index·extent/slots)
        let last = ((index + 1) * extent + slots - 1) / slots - 1  // below (index+1)·extent/slots
        guard first <= last else { return min(centre, extent - 1) }
        return min(max(centre, first), last)
    }

    /// The slot covering `value`, clamped to the first or last slot.
    private static func slot(of value: Int, slots: Int, extent: Int) -> Int {
        guard value >= 0 else { return 0 }
        guard value < extent else { return slots - 1 }
        return min(slots - 1, value * slots / extent)
    }
}
