/// The not-yet-sent changes of one player's cursor, coalesced: moves with the same
/// buttons collapse into the latest one, but each button change keeps its own entry, so
/// a click made between two ticks still reaches the others (over two ticks).
///
/// The oldest pending state is kept in place: between two ticks a player almost always
/// has one change at most, and an array would cost every session a heap buffer of its
/// own (kept, with its capacity, for the session's life). Only button changes that pile
/// up between two ticks go to `later`.
struct CursorChanges: Sendable {
    /// A client clicking faster than the ticks drain loses intermediate states past this.
    static let maximumPending = 16

    private var later: [CursorState] = []
    private var first: CursorState?

    var isEmpty: Bool { first == nil }

    /// Records a new state; returns true if there was nothing pending before.
    @discardableResult
    mutating func record(_ state: CursorState) -> Bool {
        guard let oldest = first else {
            first = state
            return true
        }
        let last = later.last ?? oldest
        if last.sameButtons(as: state) || 1 + later.count >= Self.maximumPending {
            if later.isEmpty { first = state } else { later[later.count - 1] = state }
        } else {
            later.append(state)
        }
        return false
    }

    /// The oldest pending state, removed.
    mutating func takeNext() -> CursorState? {
        guard let oldest = first else { return nil }
        first = later.isEmpty ? nil : later.removeFirst()
        return oldest
    }

    mutating func removeAll() {
        first = nil
        later = []
    }
}
