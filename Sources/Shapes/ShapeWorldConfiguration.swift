/// How a world of boxes is made and how it moves.
public struct ShapeWorldConfiguration: Sendable, Equatable {
    /// The world's size in points.
    public var width: Int32 = 800
    public var height: Int32 = 600
    /// How many boxes, and the seed that places and sizes them.
    public var count: Int = 12
    public var seed: UInt64 = 1
    /// The smallest and largest side of a box, in points.
    public var minSide: Int32 = 10
    public var maxSide: Int32 = 60
    /// The longest step an overlapping box takes in one tick, in points.
    public var maxStep: Int32 = 6
    /// How far a box sent home travels towards the centre in one tick, in points.
    public var homingSpeed: Int32 = 24

    public init() {}
}
