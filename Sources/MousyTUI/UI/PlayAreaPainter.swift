/// What goes inside the play area: every other player's cursor with its name beside it,
/// in the player's colour, and this player's own cursor on top. Pure, so it is tested
/// without a terminal.
///
/// A cursor shows the buttons held: `*` none, `L` left, `R` right, `B` both. The name
/// goes to the right of the cursor, or to its left when it would not fit; cursors
/// outside this terminal's play area (a larger terminal elsewhere) are not shown.
enum PlayAreaPainter {
    static func glyph(left: Bool, right: Bool) -> String {
        switch (left, right) {
        case (false, false): return "*"
        case (true, false): return "L"
        case (false, true): return "R"
        case (true, true): return "B"
        }
    }

    static func placements(for state: GameState, layout: Layout) -> [Placement] {
        guard !layout.isTooSmall else { return [] }
        let area = layout.playArea
        var result: [Placement] = []
        for player in state.sortedPlayers {
            guard let (column, row) = layout.screenPosition(of: player.cell) else { continue }
            let style = TextStyle.player(PlayerColors.slot(for: player.name))
            result.append(Placement(column: column, row: row, text: glyph(left: player.left, right: player.right), style: style))
            let label = player.name
            let roomRight = area.maxX - (column + 1)
            let roomLeft = column - area.x
            if label.count <= roomRight {
                result.append(Placement(column: column + 1, row: row, text: label, style: style))
            } else if label.count <= roomLeft {
                result.append(Placement(column: column - label.count, row: row, text: label, style: style))
            } else if roomRight >= roomLeft, roomRight > 0 {
                result.append(Placement(column: column + 1, row: row, text: String(label.prefix(roomRight)), style: style))
            } else if roomLeft > 0 {
                result.append(Placement(column: area.x, row: row, text: String(label.suffix(roomLeft)), style: style))
            }
        }
        if state.mouseCaptured, let own = state.ownPointer, let (column, row) = layout.screenPosition(of: own.cell) {
            result.append(Placement(column: column, row: row, text: glyph(left: own.left, right: own.right), style: .own))
        }
        return result
    }
}
