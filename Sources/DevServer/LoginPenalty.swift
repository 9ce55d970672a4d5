import NIOCore

/// A penalty that a failed login started: which source (an address, a block, or every
/// source the throttle has no room for) is refused logins, for how long, after how many
/// failures.
struct LoginPenalty: Sendable, Equatable {
    var source: LoginSource
    var duration: TimeAmount
    var failures: Int
}
