/// One ping from the server, as the client saw it.
public struct PingReport: Sendable, Hashable {
    /// The ping's payload bytes, as the original client logs `len: N`.
    public var length: Int
    /// The round trip in microseconds: the server's `rtt_us` when it reports one; from a
    /// server that never does (the original), the kernel's smoothed TCP round trip; nil
    /// when not known (this project's server before its first measurement).
    public var roundTripMicros: UInt64?
    /// True when ``roundTripMicros`` is the server's own measurement (`rtt_us`).
    public var roundTripFromServer: Bool
    /// The server's `sentEpoch`.
    public var sentEpochMicros: UInt64
    /// The local `Epoch.nowMicros()` when the ping arrived: the time of last contact.
    public var receivedAtMicros: UInt64
    /// The players online as the server counts them (`players_online`); nil from a server
    /// that does not say (the original).
    public var playersOnline: Int?

    /// How old the ping was on arrival (`receivedAtMicros − sentEpochMicros`): the
    /// one-way delay, if both clocks agree; nil when the server's clock is ahead of ours.
    public var ageOnArrivalMicros: UInt64? {
        receivedAtMicros >= sentEpochMicros ? receivedAtMicros - sentEpochMicros : nil
    }

    public init(
        length: Int,
        roundTripMicros: UInt64?,
        roundTripFromServer: Bool = false,
        sentEpochMicros: UInt64,
        receivedAtMicros: UInt64,
        playersOnline: Int? = nil
    ) {
        self.length = length
        self.roundTripMicros = roundTripMicros
        self.roundTripFromServer = roundTripFromServer
        self.sentEpochMicros = sentEpochMicros
        self.receivedAtMicros = receivedAtMicros
        self.playersOnline = playersOnline
    }
}
