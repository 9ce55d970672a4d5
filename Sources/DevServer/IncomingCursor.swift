/// Another (or this) loop's player whose cursor changes wait for this loop's next fan-out.
struct IncomingCursor: Sendable {
    var username: String
    var changes = CursorChanges()
    var activity: UInt64 = 0

    init(username: String) {
        self.username = username
    }

    mutating func record(_ update: CursorUpdate) {
        changes.record(update.state)
        activity = max(activity, update.activity)
    }
}
