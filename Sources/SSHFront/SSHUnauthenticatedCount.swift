import NIOConcurrencyHelpers

/// How many connections of one ``SSHServer`` have not authenticated yet, from every
/// address together, under a cap (OpenSSH's MaxStartups): with a grace time of minutes,
/// the per-address cap alone would let many addresses hold every descriptor.
final class SSHUnauthenticatedCount: Sendable {
    /// The most connections waiting to authenticate at once; 0: no limit.
    let limit: Int
    private let count = NIOLockedValueBox(0)

    init(limit: Int) {
        self.limit = limit
    }

    /// One more is waiting: false (and not counted) when `limit` are already.
    func open() -> Bool {
        count.withLockedValue { count in
            if limit > 0, count >= limit { return false }
            count += 1
            return true
        }
    }

    /// One counted by ``open()`` has authenticated or closed.
    func settle() {
        count.withLockedValue { $0 = max(0, $0 - 1) }
    }

    /// Waiting now (for tests and logs).
    var current: Int { count.withLockedValue { $0 } }
}
