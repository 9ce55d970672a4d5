/// Text at a screen position (0-based column and row).
public struct Placement: Hashable, Sendable {
    public var column: Int
    public var row: Int
    public var text: String
    public var style: TextStyle
}
