/// A point of the shared world, as on the wire: `x` to the right, `y` up, origin at the
/// bottom-left corner (the original client's window coordinates).
public struct WorldPoint: Hashable, Sendable, CustomStringConvertible {
    public var x: Int32
    public var y: Int32

    public var description: String { "\(x),\(y)" }
}
