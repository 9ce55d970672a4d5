/// What goes inside the play area: every other player's cursor with its name beside it,
/// in the player's colour, and this player's own cursor on top. Pure, so it is tested
/// without a terminal.
///
/// A cursor shows the buttons held: `*` none, `L` left, `R` right, `B` both; a cursor
/// outside the world is pinned to the nearest edge and drawn as an arrow pointing where
/// it is. A player who has not moved yet is not drawn; a cursor unchanged for
/// `GameState.idleMicros` is dimmed. The name goes to the right of the cursor, or to
/// its left, or is cut to the room there is: names are measured in display columns and
/// never cover another cursor or the border.
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
        var occupied = Set<Int>()
        for marker in markers { occupied.insert(marker.row * layout.columns + marker.column) }
        var labels: [Placement] = []
        for marker in markers {
            guard let label = marker.label else { continue }
            let (column, row) = (marker.column, marker.row)
            let width = DisplayWidth.of(label)
            // The free run of cells to the right of the cursor, and to its left.
            var right = column + 1
            while right < area.maxX, !occupied.contains(row * layout.columns + right) { right += 1 }
            var left = column
            while left > area.x, !occupied.contains(row * layout.columns + left - 1) { left -= 1 }
            let roomRight = right - (column + 1)
            let roomLeft = column - left
            if width <= roomRight {
                labels.append(Placement(column: column + 1, row: row, text: label, style: marker.style))
            } else if width <= roomLeft {
                labels.append(Placement(column: column - width, row: row, text: label, style: marker.style))
            } else if roomRight >= roomLeft, roomRight > 0 {
                let cut = DisplayWidth.prefix(label, fitting: roomRight)
                labels.append(Placement(column: column + 1, row: row, text: cut, style: marker.style))
            } else if roomLeft > 0 {
                let cut = DisplayWidth.suffix(label, fitting: roomLeft)
                labels.append(Placement(column: column - DisplayWidth.of(cut), row: row, text: cut, style: marker.style))
            }
        }
        // Objects under everything, then names, cursors over them: a cursor is never hidden.
        return ObjectPainter.placements(for: state, layout: layout) + labels + markers.map { Placement(column: $0.column, row: $0.row, text: $0.text, style: $0.style) }
    }
}
