import Testing
@testable import GameUI

@Suite("Layout")
struct LayoutTests {
    @Test("a wide terminal puts the status pane beside the play area")
    func sideBySide() {
        let layout = Layout(columns: 100, rows: 30)
        #expect(!layout.isTooSmall)
        #expect(layout.isSideBySide)
        #expect(layout.playFrame == Rect(x: 0, y: 0, width: 68, height: 29))
        #expect(layout.statusFrame == Rect(x: 68, y: 0, width: 32, height: 29))
        #expect(layout.playArea == Rect(x: 1, y: 1, width: 66, height: 27))
        #expect(layout.helpRow == 29)
    }

    @Test("a narrow terminal puts the status pane below the play area")
    func stacked() {
        let layout = Layout(columns: 50, rows: 24)
        #expect(!layout.isSideBySide)
        #expect(layout.playFrame.width == 50)
        #expect(layout.statusFrame.y == layout.playFrame.maxY)
        #expect(layout.statusFrame.maxY == layout.helpRow)
        #expect(layout.playArea.height >= 4)
        #expect(layout.statusArea.height >= 3)
    }

    @Test("the smallest usable size still has a play area and a status pane",
          arguments: [(40, 12), (71, 12), (72, 12), (40, 60), (300, 100)])
    func smallestSizes(columns: Int, rows: Int) {
        let layout = Layout(columns: columns, rows: rows)
        #expect(!layout.isTooSmall)
        #expect(layout.playArea.width >= 10)
        #expect(layout.playArea.height >= 3)
        #expect(layout.statusArea.height >= 3)
        #expect(layout.statusArea.width >= 20)
        // Nothing overlaps and everything is on screen.
        #expect(layout.playFrame.maxX <= columns && layout.statusFrame.maxX <= columns)
        #expect(layout.playFrame.maxY <= layout.helpRow && layout.statusFrame.maxY <= layout.helpRow)
        #expect(layout.helpRow == rows - 1)
    }

    @Test("below 40x12 the layout is too small and maps nothing", arguments: [(39, 30), (80, 11), (0, 0), (10, 5)])
    func tooSmall(columns: Int, rows: Int) {
        let layout = Layout(columns: columns, rows: rows)
        #expect(layout.isTooSmall)
        for column in 0..<max(1, columns) {
            for row in 0..<max(1, rows) {
                #expect(layout.playCell(column: column, row: row) == nil)
            }
        }
    }

    @Test("screen cells map to 0-based play cells inside the border")
    func mapping() {
        let layout = Layout(columns: 100, rows: 30)
        #expect(layout.playCell(column: 1, row: 1) == PlayCell(x: 0, y: 0))
        #expect(layout.playCell(column: 11, row: 5) == PlayCell(x: 10, y: 4))
        #expect(layout.playCell(column: 66, row: 27) == PlayCell(x: 65, y: 26))
        // The border, the status pane and the help line are outside.
        #expect(layout.playCell(column: 0, row: 5) == nil)
        #expect(layout.playCell(column: 5, row: 0) == nil)
        #expect(layout.playCell(column: 67, row: 5) == nil)
        #expect(layout.playCell(column: 5, row: 28) == nil)
        #expect(layout.playCell(column: 80, row: 5) == nil)
        #expect(layout.playCell(column: 5, row: 29) == nil)
        #expect(layout.playCell(column: -1, row: -1) == nil)
    }

    @Test("mapping and its inverse agree over the whole screen", arguments: [(100, 30), (50, 24), (40, 12)])
    func inverse(columns: Int, rows: Int) {
        let layout = Layout(columns: columns, rows: rows)
        var inside = 0
        for column in 0..<columns {
            for row in 0..<rows {
                if let cell = layout.playCell(column: column, row: row) {
                    inside += 1
                    let back = layout.screenPosition(of: cell)
                    #expect(back?.column == column && back?.row == row)
                }
            }
        }
        #expect(inside == layout.playArea.width * layout.playArea.height)
        #expect(layout.screenPosition(of: PlayCell(x: Int32(layout.playArea.width), y: 0)) == nil)
        #expect(layout.screenPosition(of: PlayCell(x: -1, y: 0)) == nil)
    }
}
