/// What goes inside the play area: every other player's cursor with its name beside it,
/// in the player's colour, and this player's own cursor on top. Pure, so it is tested
/// without a terminal.
///
/// A cursor shows the buttons held: `*` none, `L` left, `R` right, `B` both; a cursor
/// outside the world is pinned to the nearest edge and drawn as an arrow pointing where
/// it is. A player who has not moved yet is not drawn; a cursor unchanged for
/// `GameState.idleMicros` is dimmed. The name goes to the right of the cursor, or to
/// its left, or is left out: names are measured in display columns, shown whole, and
/// never cover or touch another name or cursor, nor cross the border.
public enum PlayAreaPainter {
    /// A cursor's mark for the buttons held.
    public static func glyph(left: Bool, right: Bool) -> String {
        switch (left, right) {
        case (false, false): return "*"
        case (true, false): return "L"
        case (false, true): return "R"
        case (true, true): return "B"
        }
    }

    private struct Marker {
        var column: Int
        var row: Int
        var text: String
        var style: TextStyle
        var label: String?
    }

    /// The text to draw in the play area: names first, then the cursors over them.
    public static func placements(for state: GameState, layout: Layout, now: UInt64) -> [Placement] {
        guard !layout.isTooSmall else { return [] }
        let area = layout.playArea
        let mapping = WorldMapping(layout: layout, world: state.world)
        var markers: [Marker] = []
        for player in state.sortedPlayers {
            guard let point = player.point else { continue }
            let placed = mapping.placement(of: point)
            guard let (column, row) = layout.screenPosition(of: placed.cell) else { continue }
            let style: TextStyle = state.isIdle(player, now: now) ? .idlePlayer(player.colorSlot) : .player(player.colorSlot)
            let text = placed.offWorld?.mark ?? glyph(left: player.left, right: player.right)
            markers.append(Marker(column: column, row: row, text: text, style: style, label: player.name))
        }
        if state.mouseCaptured, let own = state.ownPointer, let (column, row) = layout.screenPosition(of: own.cell) {
            markers.append(Marker(column: column, row: row, text: glyph(left: own.left, right: own.right), style: .own))
        }
        // Cells a name may not take or touch: every cursor's and every placed name's.
        var occupied = Set<Int>()
        for marker in markers { occupied.insert(marker.row * layout.columns + marker.column) }
        var labels: [Placement] = []
        for marker in markers {
            guard let label = marker.label else { continue }
            let (column, row) = (marker.column, marker.row)
            let width = DisplayWidth.of(label)
            // Whole inside the area, over nothing, with a blank between it and anything
            // but its own cursor (the border needs none).
            func fits(_ start: Int) -> Bool {
                guard start >= area.x, start + width <= area.maxX else { return false }
                for cell in (start - 1)...(start + width) where cell != column && cell >= area.x && cell < area.maxX {
                    if occupied.contains(row * layout.columns + cell) { return false }
                }
                return true
            }
            // Right of the cursor, else left of it, else nowhere: a name is shown whole
            // or not at all, never over anything.
            let start: Int
            if fits(column + 1) {
                start = column + 1
            } else if fits(column - width) {
                start = column - width
            } else {
                continue
            }
            labels.append(Placement(column: start, row: row, text: label, style: marker.style))
            for cell in start..<(start + width) {
                occupied.insert(row * layout.columns + cell)
            }
        }
        // Objects under everything, then names, cursors over them: a cursor is never hidden.
        return ObjectPainter.placements(for: state, layout: layout) + labels + markers.map { Placement(column: $0.column, row: $0.row, text: $0.text, style: $0.style) }
    }

}
