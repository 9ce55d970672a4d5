@testable import GameUI
import Messages
import Testing

@Suite("World objects on screen")
struct WorldObjectsTests {
    private static func box(_ id: UInt32, x: Int32, y: Int32, w: UInt32, h: UInt32, holder: String = "", tick: UInt64 = 1) -> GameObject {
        GameObject.with {
            ($0.id, $0.x, $0.y, $0.w, $0.h, $0.holder, $0.tick) = (id, x, y, w, h, holder, tick)
        }
    }

    private static func state(_ objects: [GameObject]) -> GameState {
        var state = GameState(username: "me", serverAddress: "127.0.0.1:7777")
        state.loggedIn(welcome: nil, now: 1_000_000)
        for object in objects { state.received(.gameObject(object), now: 1_000_000) }
        return state
    }

    @Test("kept by id; a state older than the one held is ignored")
    func keptByID() {
        var objects = WorldObjects()
        #expect(objects.update(Self.box(1, x: 10, y: 10, w: 5, h: 5, tick: 5)).accepted)
        #expect(!objects.update(Self.box(1, x: 99, y: 99, w: 5, h: 5, tick: 4)).accepted)
        #expect(objects.byID[1]?.x == 10)
        let (accepted, previous) = objects.update(Self.box(1, x: 20, y: 10, w: 5, h: 5, holder: "bob", tick: 6))
        #expect(accepted && previous?.x == 10)
        #expect(objects.count == 1)
    }

    @Test("watch lines: a pickup and a drop, none for a move")
    func lines() {
        let free = Self.box(3, x: 10, y: 20, w: 5, h: 5)
        let held = Self.box(3, x: 10, y: 20, w: 5, h: 5, holder: "bob\u{1B}[2J")
        #expect(WorldObjects.line(from: free, to: held) == "bob\\033 picked up box 3 at 10,20")
        #expect(WorldObjects.line(from: held, to: held) == nil)
        #expect(WorldObjects.line(from: held, to: free) == "bob\\033 dropped box 3 at 10,20")
        #expect(WorldObjects.line(from: nil, to: free) == nil)
    }

    @Test("watch's settled line: once no object changed over a whole ping interval, once per still spell")
    func settled() {
        var objects = WorldObjects()
        #expect(objects.settledLine() == nil)  // no objects: nothing to tell
        #expect(objects.settledLine() == nil)
        objects.update(Self.box(1, x: 10, y: 10, w: 5, h: 5))
        objects.update(Self.box(2, x: 90, y: 10, w: 5, h: 5, holder: "bob"))
        #expect(objects.settledLine() == nil)  // they came in this interval
        #expect(objects.settledLine() == "world settled: 2 boxes, 1 held")
        #expect(objects.settledLine() == nil)  // told once
        objects.update(Self.box(1, x: 11, y: 10, w: 5, h: 5, tick: 2))
        #expect(objects.settledLine() == nil)
        #expect(objects.settledLine() == "world settled: 2 boxes, 1 held")
        // The same state again (a copy of the whole world) is no change.
        objects.update(Self.box(1, x: 11, y: 10, w: 5, h: 5, tick: 2))
        #expect(objects.settledLine() == nil)
        // A new session: told again once its world is still.
        objects.removeAll()
        objects.update(Self.box(1, x: 11, y: 10, w: 5, h: 5, tick: 9))
        #expect(objects.settledLine() == nil)
        #expect(objects.settledLine() == "world settled: 1 box, 0 held")
    }

    @Test("the status pane gives the count of objects and the server's tick rate when it said")
    func objectsLine() {
        var state = GameState(username: "me", serverAddress: "127.0.0.1:7777")
        state.loggedIn(welcome: .with { $0.ok = true; $0.tickHz = 20 }, now: 1_000_000)
        state.received(.gameObject(Self.box(1, x: 0, y: 0, w: 5, h: 5)), now: 1_000_000)
        state.received(.gameObject(Self.box(2, x: 50, y: 0, w: 5, h: 5)), now: 1_000_000)
        #expect(StatusPane.lines(for: state, now: 1_000_000, width: 30, height: 20).contains { $0.text == "objects 2 · 20 Hz" })
        // A server that does not say its rate: the count alone.
        state.loggedIn(welcome: .with { $0.ok = true }, now: 2_000_000)
        state.received(.gameObject(Self.box(1, x: 0, y: 0, w: 5, h: 5)), now: 2_000_000)
        #expect(StatusPane.lines(for: state, now: 2_000_000, width: 30, height: 20).contains { $0.text == "objects 1" })
    }

    @Test("a box is drawn over the cells the world-to-cell rule gives its corners, at least one cell, in its holder's colour while held")
    func painted() {
        let layout = Layout(columns: 100, rows: 30)
        let mapping = WorldMapping(layout: layout, world: .original)
        let big = Self.box(1, x: 0, y: 0, w: 200, h: 150)
        let tiny = Self.box(2, x: 400, y: 300, w: 1, h: 1, holder: "bob")
        let placements = ObjectPainter.placements(for: Self.state([big, tiny]), layout: layout)
        let topRight = layout.screenPosition(of: mapping.placement(of: WorldPoint(x: 199, y: 149)).cell)!
        let bottomLeft = layout.screenPosition(of: mapping.placement(of: WorldPoint(x: 0, y: 0)).cell)!
        let bigRows = placements.filter { $0.style == .object }
        #expect(bigRows.count == bottomLeft.row - topRight.row + 1)
        #expect(bigRows.allSatisfy { $0.column == bottomLeft.column && $0.text.count == topRight.column - bottomLeft.column + 1 })
        let tinyCell = layout.screenPosition(of: mapping.placement(of: WorldPoint(x: 400, y: 300)).cell)!
        let held = placements.filter { $0.style != .object }
        #expect(held.count == 1)
        #expect(held.first?.column == tinyCell.column && held.first?.row == tinyCell.row)
        #expect(held.first?.text == ObjectPainter.heldGlyph)
        #expect(held.first?.style == .heldObject(PlayerColors.slot(for: "bob")))
    }

    @Test("boxes lie under cursors and names, and the status pane counts them")
    func underCursors() {
        var state = Self.state([Self.box(1, x: 0, y: 0, w: 800, h: 600)])
        state.received(.playerCursor(.with { ($0.username, $0.x, $0.y) = ("bob", 400, 300) }), now: 1_000_000)
        let layout = Layout(columns: 100, rows: 30)
        let grid = GameScreen.paint(state, layout: layout, now: 1_000_000)
        let cell = layout.screenPosition(of: WorldMapping(layout: layout, world: .original).placement(of: WorldPoint(x: 400, y: 300)).cell)!
        #expect(grid[cell.column, cell.row].text == "*")
        #expect(grid[cell.column + 1, cell.row].text == "b")
        #expect(grid[layout.playArea.x, layout.playArea.y].text == ObjectPainter.freeGlyph)
        #expect(StatusPane.lines(for: state, now: 1_000_000, width: 30, height: 20).contains { $0.text == "objects 1" })
    }
}
