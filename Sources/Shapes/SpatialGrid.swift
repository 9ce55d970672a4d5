/// Boxes bucketed by the grid cells they cover, so that finding what overlaps a box
/// looks at its neighbours only: a tick is O(n) for a spread-out world, not O(n²).
struct SpatialGrid: Sendable {
    let cellSize: Int32
    let columns: Int
    let rows: Int
    private var cells: [[Int32]]
    /// Per box, the last query that saw it, so a box in two cells is reported once.
    private var seen: [UInt32] = []
    private var query: UInt32 = 0

    init(width: Int32, height: Int32, cellSize: Int32) {
        self.cellSize = max(cellSize, 1)
        columns = max(1, Int((width + self.cellSize - 1) / self.cellSize))
        rows = max(1, Int((height + self.cellSize - 1) / self.cellSize))
        cells = Array(repeating: [], count: columns * rows)
    }

    /// Files every box (by index) under the cells it covers.
    mutating func rebuild(_ boxes: [Box], skipping skip: (Int) -> Bool) {
        for index in cells.indices { cells[index].removeAll(keepingCapacity: true) }
        if seen.count != boxes.count { seen = Array(repeating: 0, count: boxes.count) }
        for (index, box) in boxes.enumerated() where !skip(index) {
            let (c0, c1, r0, r1) = span(of: box)
            for row in r0...r1 {
                for column in c0...c1 { cells[row * columns + column].append(Int32(index)) }
            }
        }
    }

    /// Replaces `hits` with the index of every filed box that overlaps `box`, other than
    /// `index` itself, each once.
    mutating func overlaps(of box: Box, index: Int, in boxes: [Box], into hits: inout [Int]) {
        hits.removeAll(keepingCapacity: true)
        query &+= 1
        if query == 0 {  // wrapped: forget every stamp so none matches by accident
            for i in seen.indices { seen[i] = 0 }
            query = 1
        }
        let (c0, c1, r0, r1) = span(of: box)
        for row in r0...r1 {
            for column in c0...c1 {
                for other in cells[row * columns + column] {
                    let j = Int(other)
                    guard j != index, seen[j] != query else { continue }
                    seen[j] = query
                    if boxes[j].overlaps(box) { hits.append(j) }
                }
            }
        }
    }

    private func span(of box: Box) -> (Int, Int, Int, Int) {
        func clamp(_ value: Int32, _ limit: Int) -> Int { min(max(Int(value / cellSize), 0), limit - 1) }
        return (
            clamp(box.x, columns), clamp(box.x &+ box.width &- 1, columns),
            clamp(box.y, rows), clamp(box.y &+ box.height &- 1, rows)
        )
    }
}
