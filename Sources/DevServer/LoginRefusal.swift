import Messages

/// Why a login is refused: `reason` goes to the client in LOGIN_RESULT (ours, never the
/// client's bytes), `detail` only to the server's log.
struct LoginRefusal: Error, Sendable, Equatable {
    /// What the counters and `/metrics` count it as.
    var counted: RefusalReason
    var reason: String
    var detail: String
}
