import NIOCore

/// One fan-out pass, encoded once: the departures, then the cursor frames of the most
/// recently active changed players (most recent first). Each receiver gets a slice or two
/// of the same bytes: everything but its own cursor, and at most `visible` cursors; then
/// the broadcast messages, but those it sent itself.
struct FanOutPlan: Sendable {
    let frames: ByteBuffer
    let departureCount: Int
    let departuresEnd: Int
    /// Where each cursor frame ends in `frames`.
    let cursorEnds: [Int]
    /// Which cursor frame belongs to which player.
    let cursorIndex: [PlayerID: Int]
    let visible: Int
    /// Broadcast messages, each one frame of its own.
    var broadcasts: [Broadcast] = []

    /// The bytes for `receiver` (up to two slices) and the number of frames in them.
    func slices(for receiver: PlayerID) -> (ByteBuffer?, ByteBuffer?, Int) {
        let start = frames.readerIndex
        if let own = cursorIndex[receiver] {
            let ownStart = own == 0 ? departuresEnd : cursorEnds[own - 1]
            let ownEnd = cursorEnds[own]
            let end = cursorEnds.last!
            let first = ownStart > start ? frames.getSlice(at: start, length: ownStart - start) : nil
            let second = end > ownEnd ? frames.getSlice(at: ownEnd, length: end - ownEnd) : nil
            return (first, second, departureCount + cursorEnds.count - 1)
        }
        let cursors = min(cursorEnds.count, visible)
        let end = cursors == 0 ? departuresEnd : cursorEnds[cursors - 1]
        let slice = end > start ? frames.getSlice(at: start, length: end - start) : nil
        return (slice, nil, departureCount + cursors)
    }
}
