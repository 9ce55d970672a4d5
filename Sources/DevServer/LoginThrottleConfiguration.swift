import NIOCore

/// How the server slows down password guessing and connection floods (after OpenSSH's
/// PerSourcePenalties, PerSourceNetBlockSize and MaxStartups); see README, "Running the
/// dev server". Failures count against the address and against its network block, so
/// that many addresses of one network cannot outrun the penalty.
public struct LoginThrottleConfiguration: Sendable, Equatable {
    /// Wrong passwords from one address within `failureWindow` that start a penalty for
    /// it; 0 turns penalties off. A malformed login (a name against the rules) is no
    /// wrong password and does not count.
    public var maxFailures: Int = 5
    /// Wrong passwords from one network block (``ipv4PrefixLength``,
    /// ``ipv6PrefixLength``) within `failureWindow` that start a penalty for the whole
    /// block.
    public var maxFailuresPerBlock: Int = 20
    /// The leading bits of an IPv4 address that make its block (OpenSSH's
    /// PerSourceNetBlockSize): 24 by default; 32 makes each address its own block.
    public var ipv4PrefixLength: Int = 24
    /// The leading bits of an IPv6 address that make its block: 64 by default (one host
    /// usually holds a /64); 128 makes each address its own block.
    public var ipv6PrefixLength: Int = 64
    /// The window in which failed logins are counted.
    public var failureWindow: TimeAmount = .seconds(10)
    /// The first penalty: every login from the address or block is refused for this
    /// long. Each further penalty doubles, up to `maxPenalty`; a source quiet for
    /// `maxPenalty` after its penalty starts again from `penalty`.
    public var penalty: TimeAmount = .seconds(5)
    /// The longest penalty.
    public var maxPenalty: TimeAmount = .seconds(300)
    /// Connections from one address that may be open without having logged in yet; more
    /// are refused at once. 0: no limit.
    public var maxPendingPerAddress: Int = 128
    /// Addresses and blocks tracked at once. Every source that finds the table full
    /// shares one record, which fails closed: its wrong passwords count together and
    /// penalise all such sources (OpenSSH's `overflow=deny-all`, for failed logins only).
    public var maxTrackedAddresses: Int = 65_536

    /// The defaults: 5 failures from an address or 20 from a /24 (IPv6: /64) in 10 s
    /// cost 5 s, doubling up to 5 min; 128 pending connections per address.
    public init() {}
}
