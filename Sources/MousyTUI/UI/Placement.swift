/// Text at a screen position (0-based column and row).
struct Placement: Hashable, Sendable {
    var column: Int
    var row: Int
    var text: String
    var style: TextStyle
}
