import TestSupport
import Testing
@testable import GameUI

@Suite("world coordinates")
struct WorldMappingTests {
    /// Play areas from tiny to huge, odd and even, and the default layout's.
    static let sizes: [(Int, Int)] = [
        (1, 1), (2, 2), (3, 7), (38, 9), (66, 27), (78, 13), (80, 24), (97, 31), (168, 58),
        (198, 58), (200, 60), (255, 77), (399, 299), (400, 300), (533, 401), (800, 600),
    ]

    @Test("cell → world point → cell is the identity at every size up to the world's", .ownThreads)
    func roundTrip() {
        for world in [WorldSize.original, WorldSize(width: 1920, height: 1080), WorldSize(width: 1000, height: 1000)] {
            for (columns, rows) in Self.sizes where columns <= world.width && rows <= world.height {
                let mapping = WorldMapping(columns: columns, rows: rows, world: world)
                for column in 0..<columns {
                    for row in 0..<rows {
                        let cell = PlayCell(x: column, y: row)
                        let point = mapping.point(of: cell)
                        #expect((0..<world.width).contains(Int(point.x)) && (0..<world.height).contains(Int(point.y)))
                        let back = mapping.placement(of: point)
                        if back.cell != cell || back.offWorld != nil {
                            Issue.record("\(columns)x\(rows) in \(world): \(cell) → \(point) → \(back)")
                            return
                        }
                    }
                }
            }
        }
    }

    @Test("world y points up: the top row is the top of the world, the bottom row its bottom")
    func orientation() {
        let mapping = WorldMapping(columns: 80, rows: 20)
        #expect(mapping.placement(of: WorldPoint(x: 0, y: 0)).cell == PlayCell(x: 0, y: 19))
        #expect(mapping.placement(of: WorldPoint(x: 799, y: 599)).cell == PlayCell(x: 79, y: 0))
        #expect(mapping.point(of: PlayCell(x: 0, y: 0)).y > 570)
        #expect(mapping.point(of: PlayCell(x: 0, y: 19)).y < 30)
        // The original client's (700, 500): 7/8 across, 1/6 down.
        let placed = mapping.placement(of: WorldPoint(x: 700, y: 500))
        #expect(placed.cell == PlayCell(x: 70, y: 3))
    }

    @Test("two play areas of different sizes agree on every cursor to within one cell of their own grid")
    func twoSizesAgree() {
        let pairs = [((200, 60), (80, 24)), ((66, 27), (198, 58)), ((38, 9), (255, 77)), ((97, 31), (78, 13))]
        for ((w1, h1), (w2, h2)) in pairs {
            for (from, to) in [((w1, h1), (w2, h2)), ((w2, h2), (w1, h1))] {
                let sender = WorldMapping(columns: from.0, rows: from.1)
                let receiver = WorldMapping(columns: to.0, rows: to.1)
                for column in 0..<from.0 {
                    for row in 0..<from.1 {
                        let cell = receiver.placement(of: sender.point(of: PlayCell(x: column, y: row))).cell
                        // Where the sender's cell centre falls in the receiver's grid.
                        let x = (Double(column) + 0.5) / Double(from.0) * Double(to.0)
                        let y = (Double(row) + 0.5) / Double(from.1) * Double(to.1)
                        if abs(Double(cell.x) + 0.5 - x) > 1 || abs(Double(cell.y) + 0.5 - y) > 1 {
                            Issue.record("\(from) cell \(column),\(row) lands on \(cell) of \(to), expected about \(x),\(y)")
                            return
                        }
                    }
                }
            }
        }
    }

    @Test("points outside the world are pinned to the nearest edge with their direction")
    func pinned() {
        let mapping = WorldMapping(columns: 80, rows: 20)
        let corner = mapping.placement(of: WorldPoint(x: -50, y: 900))
        #expect(corner.cell == PlayCell(x: 0, y: 0))
        #expect(corner.offWorld == OffWorld(horizontal: -1, vertical: 1))
        #expect(corner.offWorld?.mark == "↖")
        #expect(corner.offWorld?.words == "off top-left")
        let right = mapping.placement(of: WorldPoint(x: 800, y: 300))
        #expect(right.cell.x == 79 && right.offWorld == OffWorld(horizontal: 1, vertical: 0))
        let below = mapping.placement(of: WorldPoint(x: 400, y: Int32.min))
        #expect(below.cell.y == 19 && below.offWorld?.mark == "↓")
        #expect(mapping.placement(of: WorldPoint(x: Int32.max, y: Int32.max)).cell == PlayCell(x: 79, y: 0))
        #expect(mapping.placement(of: WorldPoint(x: 799, y: 599)).offWorld == nil)
    }

    @Test("a server's announced size is used; 0 or absent means 800x600")
    func announcedSize() {
        #expect(WorldSize(announcedWidth: 0, announcedHeight: 0) == .original)
        #expect(WorldSize(announcedWidth: 1024, announcedHeight: 0) == .original)
        #expect(WorldSize(announcedWidth: 1024, announcedHeight: 768) == WorldSize(width: 1024, height: 768))
    }

    @Test("names sort naturally")
    func naturalOrder() {
        let names = ["load10", "load2", "Load1", "load1", "alice", "load02", "b", "load", "a10b2", "a10b10", "a9"]
        let sorted = names.sorted(by: NaturalOrder.areInIncreasingOrder)
        #expect(sorted == ["Load1", "a9", "a10b2", "a10b10", "alice", "b", "load", "load1", "load02", "load2", "load10"])
    }

    @Test("display widths: wide characters take two columns, combining marks none")
    func displayWidth() {
        #expect(DisplayWidth.of("player1") == 7)
        #expect(DisplayWidth.of("漢字") == 4)
        #expect(DisplayWidth.of("e\u{301}") == 1)
        #expect(DisplayWidth.of("↖") == 1)
        #expect(DisplayWidth.prefix("漢字名", fitting: 5) == "漢字")
        #expect(DisplayWidth.suffix("ab漢", fitting: 3) == "b漢")
        #expect(DisplayWidth.padded("漢x", to: 5) == "漢x  ")
        #expect(StatusPane.clip("  名前名前", to: 7) == "  名前")
    }
}
