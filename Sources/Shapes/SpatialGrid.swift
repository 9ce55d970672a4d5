/// Boxes bucketed by the grid cells they cover, so that finding what overlaps a box
/// looks at its neighbours only: a tick is O(n) for a spread-out world, not O(n²).
///
/// The buckets are one flat array filled by counting (cell `c` holds
/// `entries[starts[c]..<starts[c + 1]]`): a rebuild allocates nothing once warm, and a
/// query reads one array instead of one small array per cell.
struct SpatialGrid: Sendable {
    let cellSize: Int32
    let columns: Int
    let rows: Int
    private var starts: [Int32]
    private var ends: [Int32]
    private var entries: [Int32] = []
    /// Per box, the last query that saw it, so a box in two cells is reported once.
    private var seen: [UInt32] = []
    private var query: UInt32 = 0

    init(width: Int32, height: Int32, cellSize: Int32) {
        self.cellSize = max(cellSize, 1)
        columns = max(1, Int((width + self.cellSize - 1) / self.cellSize))
        rows = max(1, Int((height + self.cellSize - 1) / self.cellSize))
        starts = Array(repeating: 0, count: columns * rows + 1)
        ends = Array(repeating: 0, count: columns * rows)
    }

    /// Files every box (by index) under the cells it covers, except those `skip` marks.
    mutating func rebuild(_ boxes: [Box], skipping skip: [Bool]) {
        if seen.count != boxes.count { seen = Array(repeating: 0, count: boxes.count) }
        let cells = columns * rows
        // Worked on as locals (each uniquely owned) and put back.
        var starts: [Int32] = []
        var ends: [Int32] = []
        var entries: [Int32] = []
        swap(&starts, &self.starts)
        swap(&ends, &self.ends)
        swap(&entries, &self.entries)
        for cell in 0...cells { starts[cell] = 0 }
        // Each cell's count goes one cell along, so that the running sum leaves each
        // cell's start in place.
        for index in boxes.indices where !skip[index] {
            let (c0, c1, r0, r1) = span(of: boxes[index])
            for row in r0...r1 {
                for column in c0...c1 { starts[row * columns + column + 1] &+= 1 }
            }
        }
        for cell in 0..<cells {
            starts[cell + 1] &+= starts[cell]
            ends[cell] = starts[cell]
        }
        if entries.count < Int(starts[cells]) { entries = Array(repeating: 0, count: Int(starts[cells])) }
        for index in boxes.indices where !skip[index] {
            let (c0, c1, r0, r1) = span(of: boxes[index])
            for row in r0...r1 {
                for column in c0...c1 {
                    let cell = row * columns + column
                    entries[Int(ends[cell])] = Int32(index)
                    ends[cell] &+= 1
                }
            }
        }
        swap(&starts, &self.starts)
        swap(&ends, &self.ends)
        swap(&entries, &self.entries)
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
                let cell = row * columns + column
                for k in Int(starts[cell])..<Int(starts[cell + 1]) {
                    let j = Int(entries[k])
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
