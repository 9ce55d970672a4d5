import NIOCore

/// When each player of one event loop is due its next ping: a binary min-heap of due
/// times, served by one timer per loop (armed for the earliest), instead of a timer per
/// player. A player is rescheduled from its previous due time, not from when it was
/// served, so the cadence does not drift; one served late (a busy burst) stays in order
/// with everyone else.
struct PingSchedule<Element> {
    /// Players due within this much of the earliest are served by the same timer firing.
    static var coalescing: TimeAmount { .milliseconds(1) }

    private var heap: [(due: NIODeadline, element: Element)] = []

    var nextDue: NIODeadline? { heap.first?.due }
    var count: Int { heap.count }

    mutating func add(_ element: Element, due: NIODeadline) {
        heap.append((due, element))
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].due < heap[parent].due else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    /// Removes and returns the earliest entry if it is due by `now` (within the coalescing slack).
    mutating func popDue(now: NIODeadline) -> (due: NIODeadline, element: Element)? {
        guard let first = heap.first, first.due <= now + Self.coalescing else { return nil }
        let last = heap.removeLast()
        guard !heap.isEmpty else { return first }
        heap[0] = last
        var parent = 0
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < heap.count, heap[left].due < heap[smallest].due { smallest = left }
            if right < heap.count, heap[right].due < heap[smallest].due { smallest = right }
            guard smallest != parent else { break }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
        return first
    }
}
