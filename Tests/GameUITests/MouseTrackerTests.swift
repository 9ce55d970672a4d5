import Testing
@testable import GameUI

@Suite("MouseTracker")
struct MouseTrackerTests {
    let layout = Layout(columns: 100, rows: 30)  // play cell (x, y) is screen (x + 1, y + 1)

    private func report(_ action: MouseReport.Action, _ button: MouseReport.Button, x: Int, y: Int) -> MouseReport {
        MouseReport(action: action, button: button, column: x + 1, row: y + 1)
    }

    private func update(_ x: Int32, _ y: Int32, left: Bool = false, right: Bool = false) -> PointerUpdate {
        PointerUpdate(cell: PlayCell(x: x, y: y), left: left, right: right)
    }

    @Test("one update per new cell; none for motion within the same cell")
    func motion() {
        var tracker = MouseTracker()
        #expect(tracker.handle(report(.motion, .none, x: 3, y: 4), layout: layout) == update(3, 4))
        #expect(tracker.handle(report(.motion, .none, x: 3, y: 4), layout: layout) == nil)
        #expect(tracker.handle(report(.motion, .none, x: 4, y: 4), layout: layout) == update(4, 4))
    }

    @Test("buttons are held from press to release, also while moving")
    func buttons() {
        var tracker = MouseTracker()
        #expect(tracker.handle(report(.press, .left, x: 10, y: 5), layout: layout) == update(10, 5, left: true))
        #expect(tracker.handle(report(.motion, .left, x: 11, y: 5), layout: layout) == update(11, 5, left: true))
        #expect(tracker.handle(report(.press, .right, x: 11, y: 5), layout: layout) == update(11, 5, left: true, right: true))
        #expect(tracker.handle(report(.release, .left, x: 11, y: 5), layout: layout) == update(11, 5, right: true))
        #expect(tracker.handle(report(.release, .right, x: 11, y: 5), layout: layout) == update(11, 5))
        // Middle button and wheel are not part of the game.
        #expect(tracker.handle(report(.press, .middle, x: 11, y: 5), layout: layout) == nil)
        #expect(tracker.handle(report(.other, .left, x: 11, y: 5), layout: layout) == nil)
        // A legacy release (no button named) releases both.
        _ = tracker.handle(report(.press, .left, x: 11, y: 5), layout: layout)
        _ = tracker.handle(report(.press, .right, x: 11, y: 5), layout: layout)
        #expect(tracker.handle(report(.release, .none, x: 11, y: 5), layout: layout) == update(11, 5))
    }

    @Test("reports outside the play area are ignored")
    func outside() {
        var tracker = MouseTracker()
        // Border, status pane, help line: nothing, not even a press.
        #expect(tracker.handle(MouseReport(action: .motion, button: .none, column: 0, row: 3), layout: layout) == nil)
        #expect(tracker.handle(MouseReport(action: .press, button: .left, column: 80, row: 3), layout: layout) == nil)
        #expect(tracker.handle(MouseReport(action: .release, button: .left, column: 80, row: 3), layout: layout) == nil)
        #expect(tracker.handle(MouseReport(action: .motion, button: .none, column: 5, row: 29), layout: layout) == nil)
        #expect(tracker.lastSent == nil)
        // A press outside does not count when the pointer then enters the area.
        #expect(tracker.handle(MouseReport(action: .press, button: .left, column: 80, row: 3), layout: layout) == nil)
        #expect(tracker.handle(report(.motion, .none, x: 2, y: 2), layout: layout) == update(2, 2))
    }

    @Test("a release after dragging out of the area is sent at the last cell")
    func releaseOutside() {
        var tracker = MouseTracker()
        _ = tracker.handle(report(.press, .left, x: 64, y: 5), layout: layout)
        #expect(tracker.handle(report(.motion, .left, x: 65, y: 5), layout: layout) == update(65, 5, left: true))
        // Dragging over the border sends nothing ...
        #expect(tracker.handle(MouseReport(action: .motion, button: .left, column: 67, row: 6), layout: layout) == nil)
        // ... the release outside is sent where the server last saw the pointer.
        #expect(tracker.handle(MouseReport(action: .release, button: .left, column: 70, row: 6), layout: layout) == update(65, 5))
        #expect(tracker.handle(MouseReport(action: .motion, button: .none, column: 71, row: 6), layout: layout) == nil)
    }

    @Test("resend() makes the next report go out even if unchanged")
    func resend() {
        var tracker = MouseTracker()
        _ = tracker.handle(report(.motion, .none, x: 1, y: 1), layout: layout)
        tracker.resend()
        #expect(tracker.handle(report(.motion, .none, x: 1, y: 1), layout: layout) == update(1, 1))
    }
}
