/// One event loop's counters, written only on that loop and summed for ``ServerStats``.
struct ShardCounters: Sendable {
    var connections = 0
    var playersOnline = 0
    var logins = 0
    var sessionsResumed = 0
    var loginsRefused = 0
    var framesIn = 0
    var framesOut = 0
    var mouseEventsIn = 0
    var pingsSent = 0
    var pingLateness = LatenessHistogram()
    var disconnects: [DisconnectReason: Int] = [:]

    static func + (a: ShardCounters, b: ShardCounters) -> ShardCounters {
        var sum = a
        sum.connections += b.connections
        sum.playersOnline += b.playersOnline
        sum.logins += b.logins
        sum.sessionsResumed += b.sessionsResumed
        sum.loginsRefused += b.loginsRefused
        sum.framesIn += b.framesIn
        sum.framesOut += b.framesOut
        sum.mouseEventsIn += b.mouseEventsIn
        sum.pingsSent += b.pingsSent
        sum.pingLateness = sum.pingLateness + b.pingLateness
        sum.disconnects.merge(b.disconnects, uniquingKeysWith: +)
        return sum
    }
}
