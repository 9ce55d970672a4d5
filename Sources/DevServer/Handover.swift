/// What a session taken over hands to the connection that replaces it: where its cursor
/// is, whether the others have yet to hear of its latest change, and its round trip.
struct Handover: Sendable {
    var cursor: CursorState
    var pendingChange: Bool
    var lastActivity: UInt64
    var roundTripMicros: UInt32
}
