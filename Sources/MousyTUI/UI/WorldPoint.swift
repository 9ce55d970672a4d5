/// A point of the shared world, as on the wire: `x` to the right, `y` up, origin at the
/// bottom-left corner (the original client's window coordinates).
struct WorldPoint: Hashable, Sendable, CustomStringConvertible {
    var x: Int32
    var y: Int32

    var description: String { "\(x),\(y)" }
}
