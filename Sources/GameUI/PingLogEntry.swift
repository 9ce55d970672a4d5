/// One line of the status pane's ping log.
public struct PingLogEntry: Hashable, Sendable {
    /// Local epoch microseconds when the ping arrived.
    public var receivedAtMicros: UInt64
    /// Payload bytes, as the original client logs "len: N".
    public var length: Int
    /// The round trip the server measured (or the client's estimate), when known.
    public var roundTripMicros: UInt64?
    /// Pings that arrived together (a backlog, e.g. after Ctrl-Z and `fg`), shown as one row.
    public var count = 1
}
