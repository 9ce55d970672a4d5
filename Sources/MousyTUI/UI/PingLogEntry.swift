/// One line of the status pane's ping log.
struct PingLogEntry: Hashable, Sendable {
    /// Local epoch microseconds when the ping arrived.
    var receivedAtMicros: UInt64
    /// Payload bytes, as the original client logs "len: N".
    var length: Int
    /// The round trip the server measured (or the client's estimate), when known.
    var roundTripMicros: UInt64?
    /// Pings that arrived together (a backlog, e.g. after Ctrl-Z and `fg`), shown as one row.
    var count = 1
}
