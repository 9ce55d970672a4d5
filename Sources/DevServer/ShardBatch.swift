/// What one event loop tells the others each tick: its players' cursor changes,
/// departures and broadcast messages, in the order they happened.
struct ShardBatch: Sendable {
    var updates: [CursorUpdate] = []
    var departures: [Departure] = []
    var broadcasts: [Broadcast] = []

    var isEmpty: Bool { updates.isEmpty && departures.isEmpty && broadcasts.isEmpty }
}
