/// Whole rows `top...bottom` of a screen moved by `distance` rows (down when positive,
/// up when negative), as a log that gained lines shows them: what a terminal does in one
/// scroll of that region, the rows it uncovers left blank. ``GridDiffer`` looks for one
/// between two screens and scrolls when that costs fewer bytes than rewriting the rows.
struct RowScroll: Hashable, Sendable {
    var top: Int
    var bottom: Int
    var distance: Int

    /// The band of rows of `old` that reappears whole in `new`, moved by at most
    /// ``GridDiffer/maximumScroll`` rows, covering the most rows that changed (at least
    /// two); nil when there is none. `changed` marks the rows that differ in place.
    static func best(from old: CellGrid, to new: CellGrid, changed: [Bool]) -> RowScroll? {
        let rows = new.rows, columns = new.columns
        guard rows >= 3, old.rows == rows, old.columns == columns else { return nil }
        func same(_ newRow: Int, _ oldRow: Int) -> Bool {
            new.storage[(newRow * columns)..<((newRow + 1) * columns)] == old.storage[(oldRow * columns)..<((oldRow + 1) * columns)]
        }
        guard changed.count == rows, changed.lazy.filter({ $0 }).count >= 2 else { return nil }
        var best: RowScroll?
        var bestGain = 1
        for step in 1...min(GridDiffer.maximumScroll, rows - 2) {
            for distance in [step, -step] {
                // Runs of rows of `new` that show the row of `old` `distance` rows away,
                // each from a changed row to the last changed row it reaches.
                var runStart: Int?
                var runEnd = 0
                var gain = 0
                let first = max(0, distance), last = min(rows, rows + distance) - 1
                for row in first...(last + 1) {
                    if row <= last, changed[row] || runStart != nil, same(row, row - distance) {
                        if runStart == nil { runStart = row }
                        if changed[row] {
                            gain += 1
                            runEnd = row
                        }
                        continue
                    }
                    if let start = runStart, gain > bestGain {
                        bestGain = gain
                        // Down: the region starts where the moved rows came from; up: it ends there.
                        best = distance > 0
                            ? RowScroll(top: start - distance, bottom: runEnd, distance: distance)
                            : RowScroll(top: start, bottom: runEnd - distance, distance: distance)
                    }
                    runStart = nil
                    gain = 0
                }
            }
        }
        return best
    }
}
