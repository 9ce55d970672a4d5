/// What one event loop tells the others each tick: its players' cursor changes and
/// departures, in the order they happened.
struct ShardBatch: Sendable {
    var updates: [CursorUpdate] = []
    var departures: [Departure] = []

    var isEmpty: Bool { updates.isEmpty && departures.isEmpty }
}
