import NIOCore

/// How the server slows down password guessing and connection floods from one source
/// address (after OpenSSH's PerSourcePenalties and MaxStartups); see README, "Running
/// the dev server". Other addresses are never slowed.
public struct LoginThrottleConfiguration: Sendable, Equatable {
    /// Failed logins (bad credentials, malformed login) from one address within
    /// `failureWindow` that start a penalty; 0 turns the penalty off.
    public var maxFailures: Int = 5
    /// The window in which failed logins are counted.
    public var failureWindow: TimeAmount = .seconds(10)
    /// The first penalty: every login from the address is refused for this long. Each
    /// further penalty doubles, up to `maxPenalty`; a source quiet for `maxPenalty` after
    /// its penalty starts again from `penalty`.
    public var penalty: TimeAmount = .seconds(5)
    /// The longest penalty.
    public var maxPenalty: TimeAmount = .seconds(300)
    /// Connections from one address that may be open without having logged in yet; more
    /// are refused at once. 0: no limit.
    public var maxPendingPerAddress: Int = 128
    /// Addresses tracked at once. When that many are being tracked, an address not yet
    /// tracked is not throttled (as OpenSSH's default `overflow=permissive`).
    public var maxTrackedAddresses: Int = 65_536

    /// The defaults: 5 failures in 10 s cost 5 s, doubling up to 5 min; 128 pending connections.
    public init() {}
}
