import Messages
import Testing
@testable import GameUI

/// The play area and the pane when crowded: the player list, the ping log, names that
/// never overlap, cursors off the world.
extension GameStateTests {
    @Test("the player list is sorted naturally and ends with +N more when cut")
    func playerList() throws {
        var state = GameState(username: "player1", serverAddress: "127.0.0.1:7777")
        state.loggedIn(welcome: welcome(), now: start)
        for index in [10, 2, 1, 30, 3] {
            state.cursor(cursor("load\(index)", 5, 5), now: start)
        }
        #expect(state.sortedPlayers.map(\.name) == ["load1", "load2", "load3", "load10", "load30"])
        let all = StatusPane.lines(for: state, now: start, width: 30, height: 40).map(\.text)
        let first = try #require(all.firstIndex(of: "players"))
        #expect(Array(all[(first + 1)...(first + 5)]) == [
            "  load1 5,5", "  load2 5,5", "  load3 5,5", "  load10 5,5", "  load30 5,5",
        ])
        // Three rows left for the list, beside the ping log's head and three rows: two
        // players and the remark.
        for second in 1...5 {
            state.ping(length: 9, roundTripMicros: 300, receivedAtMicros: start + UInt64(second) * 1_000_000)
        }
        let cut = StatusPane.lines(for: state, now: start, width: 30, height: first + 4 + StatusPane.pingLogReserve).map(\.text)
        #expect(Array(cut[(first + 1)...(first + 3)]) == ["  load1 5,5", "  load2 5,5", "  +3 more"])
        #expect(cut[first + 4] == StatusPane.pingLogHeader)
        #expect(cut.count == first + 8 && cut[(first + 5)...].allSatisfy { $0.hasSuffix("0.30 ms") })
    }

    @Test("the ping log keeps its head and three rows however many players are listed")
    func pingLogKept() throws {
        var state = GameState(username: "player1", serverAddress: "127.0.0.1:7777")
        state.loggedIn(welcome: welcome(), now: start)
        for index in 1...300 {
            state.cursor(cursor("load\(index)", 5, 5), now: start)
        }
        for second in 1...5 {
            state.ping(length: 9, roundTripMicros: 300, receivedAtMicros: start + UInt64(second) * 1_000_000)
        }
        for height in [20, 30, 60] {
            let lines = StatusPane.lines(for: state, now: start, width: 30, height: height).map(\.text)
            let header = try #require(lines.firstIndex(of: StatusPane.pingLogHeader), "height \(height): \(lines)")
            #expect(lines.count - header - 1 >= 3, "height \(height)")
            #expect(lines[header - 1].hasPrefix("  +"), "the list ends with its remark")
        }
    }

    @Test("names never overlap or touch another name or cursor; a name that does not fit whole is left out")
    func crowdedLabels() {
        let layout = Layout(columns: 100, rows: 30)
        let mapping = WorldMapping(layout: layout, world: .original)
        let area = layout.playArea
        var state = GameState(username: "player1", serverAddress: "127.0.0.1:7777")
        state.loggedIn(welcome: welcome(), now: start)
        func put(_ name: String, _ column: Int, _ row: Int) {
            let point = mapping.point(of: PlayCell(x: column, y: row))
            state.cursor(cursor(name, point.x, point.y), now: start)
        }
        // A crowded row: cursors two to five cells apart, long names.
        for (index, column) in [20, 22, 27, 29, 34, 38, 40].enumerated() {
            put("load\(50 + index)", column, 7)
        }
        // At the border: a name only fits whole on one side.
        put("edge", 1, 3)
        put("far-right", area.width - 2, 3)
        let placed = PlayAreaPainter.placements(for: state, layout: layout, now: start)
        let markers = placed.filter { $0.text.count == 1 }
        let labels = placed.filter { $0.text.count > 1 }
        for label in labels {
            let span = label.column..<(label.column + DisplayWidth.of(label.text))
            #expect(span.lowerBound >= area.x && span.upperBound <= area.maxX, "\(label) crosses the border")
            #expect(label.text.hasPrefix("load") || label.text == "edge" || label.text == "far-right")
            #expect(state.players[label.text] != nil, "\(label.text) is a whole name")
            for other in labels where other != label && other.row == label.row {
                let otherSpan = (other.column - 1)..<(other.column + DisplayWidth.of(other.text) + 1)
                #expect(!otherSpan.overlaps(span), "\(label) touches \(other)")
            }
            // Only its own cursor may touch it.
            let touching = markers.filter { $0.row == label.row && ((span.lowerBound - 1)...span.upperBound).contains($0.column) }
            #expect(touching.count <= 1, "\(label) touches \(touching)")
        }
        // Some crowded names had no room and were left out rather than cut.
        #expect(labels.filter { $0.row == area.y + 7 }.count < 7)
        #expect(labels.contains { $0.text == "edge" && $0.column == area.x + 2 })
        #expect(labels.contains { $0.text == "far-right" && $0.column == area.maxX - 2 - 9 })
    }

    @Test("a cursor outside the world is pinned to the edge with an arrow, and the list says where")
    func offWorld() {
        let layout = Layout(columns: 100, rows: 30)
        let area = layout.playArea
        var state = GameState(username: "player1", serverAddress: "127.0.0.1:7777")
        state.loggedIn(welcome: welcome(), now: start)
        state.cursor(cursor("far", -50, 900), now: start)
        state.cursor(cursor("east", 5000, 300), now: start)
        let placed = PlayAreaPainter.placements(for: state, layout: layout, now: start)
        #expect(placed.contains { $0.column == area.x && $0.row == area.y && $0.text == "↖" })
        #expect(placed.contains { $0.column == area.maxX - 1 && $0.text == "→" })
        // Labels stay inside the area.
        #expect(placed.allSatisfy { $0.column >= area.x && $0.column + DisplayWidth.of($0.text) <= area.maxX })
        let lines = text(state, now: start)
        #expect(lines.contains("  far -50,900 ↖ off top-left"))
        #expect(lines.contains("  east 5000,300 → off right"))
    }

    @Test("a name never covers another cursor; wide names are measured in columns")
    func labels() {
        let layout = Layout(columns: 100, rows: 30)
        let mapping = WorldMapping(layout: layout, world: .original)
        let area = layout.playArea
        var state = GameState(username: "player1", serverAddress: "127.0.0.1:7777")
        state.loggedIn(welcome: welcome(), now: start)
        func put(_ name: String, _ column: Int, _ row: Int) {
            let point = mapping.point(of: PlayCell(x: column, y: row))
            state.cursor(cursor(name, point.x, point.y), now: start)
        }
        put("anna", 10, 5)
        put("ben", 12, 5)       // two cells right of anna: anna's name cannot go there
        put("漢字名", 60, 8)     // six columns wide; only 5 free to its right, 60 to its left
        let placed = PlayAreaPainter.placements(for: state, layout: layout, now: start)
        let markers = placed.filter { $0.text.count == 1 }
        let labels = placed.filter { $0.text.count > 1 }
        for label in labels {
            let span = label.column..<(label.column + DisplayWidth.of(label.text))
            #expect(!markers.contains { $0.row == label.row && span.contains($0.column) }, "\(label) covers a cursor")
            #expect(span.lowerBound >= area.x && span.upperBound <= area.maxX)
        }
        #expect(labels.contains { $0.text == "anna" && $0.column == area.x + 10 - 4 })
        #expect(labels.contains { $0.text == "漢字名" && $0.column == area.x + 60 - 6 })
    }
}
