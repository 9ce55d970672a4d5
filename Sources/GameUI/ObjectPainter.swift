import Messages

/// The world's objects in the play area: each a block of cells under the cursors and
/// names, mapped by the same world-to-cell rule as the cursors (``WorldMapping``), at
/// least one cell, in its holder's colour while held. Pure, so it is tested without a
/// terminal.
public enum ObjectPainter {
    /// A free object's cells, and a held one's.
    public static let freeGlyph = "▒"
    public static let heldGlyph = "█"

    /// One placement per row of each object, in id order (later ones over earlier).
    public static func placements(for state: GameState, layout: Layout) -> [Placement] {
        guard !layout.isTooSmall, state.objects.count > 0 else { return [] }
        let mapping = WorldMapping(layout: layout, world: state.world)
        var placements: [Placement] = []
        for object in state.objects.inOrder {
            // The corners' points: the box covers [x, x+w) by [y, y+h).
            let right = Int64(object.x) + Int64(max(object.w, 1)) - 1
            let top = Int64(object.y) + Int64(max(object.h, 1)) - 1
            let bottomLeft = mapping.placement(of: WorldPoint(x: object.x, y: object.y)).cell
            let topRight = mapping.placement(of: WorldPoint(x: Int32(clamping: right), y: Int32(clamping: top))).cell
            guard let (left, bottomRow) = layout.screenPosition(of: bottomLeft),
                  let (rightColumn, topRow) = layout.screenPosition(of: topRight) else { continue }
            let style = self.style(of: object, in: state)
            let glyph = object.holder.isEmpty ? freeGlyph : heldGlyph
            let text = String(repeating: glyph, count: max(rightColumn - left + 1, 1))
            for row in min(topRow, bottomRow)...max(topRow, bottomRow) {
                placements.append(Placement(column: left, row: row, text: text, style: style))
            }
        }
        return placements
    }

    /// Free: the object style; held: its holder's colour (this player's own slot when
    /// held here, as other players see it).
    static func style(of object: GameObject, in state: GameState) -> TextStyle {
        guard !object.holder.isEmpty else { return .object }
        if let holder = state.players[object.holder] { return .heldObject(holder.colorSlot) }
        return .heldObject(PlayerColors.slot(for: object.holder))
    }
}
