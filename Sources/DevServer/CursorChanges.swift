/// The not-yet-sent changes of one player's cursor, coalesced: moves with the same
/// buttons collapse into the latest one, but each button change keeps its own entry, so
/// a click made between two ticks still reaches the others (over two ticks).
struct CursorChanges: Sendable {
    /// A client clicking faster than the ticks drain loses intermediate states past this.
    static let maximumPending = 16

    private var pending: [CursorState] = []

    var isEmpty: Bool { pending.isEmpty }

    /// Records a new state; returns true if there was nothing pending before.
    @discardableResult
    mutating func record(_ state: CursorState) -> Bool {
        guard let last = pending.last else {
            pending.append(state)
            return true
        }
        if last.sameButtons(as: state) || pending.count >= Self.maximumPending {
            pending[pending.count - 1] = state
        } else {
            pending.append(state)
        }
        return false
    }

    /// The oldest pending state, removed.
    mutating func takeNext() -> CursorState? {
        guard !pending.isEmpty else { return nil }
        return pending.removeFirst()
    }

    mutating func removeAll() {
        pending = []
    }
}
