/// The size of the shared world in points: the original client's window, 800 x 600 by
/// default, or what the server announces in LOGIN_RESULT.
public struct WorldSize: Hashable, Sendable, CustomStringConvertible {
    /// The original cocos client's default window.
    public static let original = WorldSize(width: 800, height: 600)

    public var width: Int
    public var height: Int

    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }

    /// The size a server announces; 0 (an original server, which sends no such field)
    /// means the original's 800 x 600.
    public init(announcedWidth: UInt32, announcedHeight: UInt32) {
        if announcedWidth > 0, announcedHeight > 0, announcedWidth <= UInt32(Int32.max), announcedHeight <= UInt32(Int32.max) {
            self.init(width: Int(announcedWidth), height: Int(announcedHeight))
        } else {
            self = .original
        }
    }

    /// Which way `point` lies outside the world; nil inside it (x in 0..<width, y in 0..<height).
    public func offWorld(_ point: WorldPoint) -> OffWorld? {
        let horizontal = point.x < 0 ? -1 : Int(point.x) >= width ? 1 : 0
        let vertical = point.y < 0 ? -1 : Int(point.y) >= height ? 1 : 0
        return horizontal == 0 && vertical == 0 ? nil : OffWorld(horizontal: horizontal, vertical: vertical)
    }

    public var description: String { "\(width)x\(height)" }
}
