import Histogram
import Messages
import Testing
@testable import DevServer

@Suite("the stats line")
struct ServerStatsTests {
    @Test("fits 100 columns with every figure at its largest")
    func fitsOneHundredColumns() {
        var stats = ServerStats()
        stats.counters = ServerCounters.sample(online: 1_000_000, logins: 99_999_999, refused: 99_999_999, left: 99_999_999)
        stats.framesInPerSecond = 99_999_999
        stats.framesOutPerSecond = 999_999_999
        for _ in 0..<100 {
            stats.roundTrip.record(59_000_000)
            stats.pingLateness.record(59_000_000)
        }
        let line = "Stats: \(stats)"
        #expect(line.count <= 100, "\(line.count): \(line)")
        #expect(line == "Stats: 1.0M online; 100M logins, 100M refused; in/out 100M/1.0G/s; p99 rtt/late 59000/59000 ms"
                || line.hasPrefix("Stats: 1.0M online; 100M logins, 100M refused; in/out 100M/1.0G/s; p99 rtt/late "), "\(line)")
    }

    @Test("short figures, and a name already playing is not a refusal")
    func shortFigures() {
        #expect(ServerStats.short(9999) == "9999")
        #expect(ServerStats.short(12_345) == "12k")
        #expect(ServerStats.short(1_349_999) == "1.3M")
        #expect(ServerStats.short(25_000_000) == "25M")
        var stats = ServerStats()
        stats.counters = ServerCounters.sample(online: 3, logins: 5, refused: 0, left: 0)
        stats.counters.refusals[.nameTaken] = 3
        #expect("\(stats)" == "3 online; 5 logins; in/out 0/0/s")
    }

    @Test("written only on news: pings alone are none, a login or a move is")
    func onlyNews() {
        let idle = ServerCounters.sample(online: 2, logins: 2, refused: 0, left: 0)
        #expect(ServerStats.changed(from: nil, to: idle))
        #expect(!ServerStats.changed(from: idle, to: idle))
        #expect(!ServerStats.changed(from: idle, to: idle.withPings(50)))
        #expect(ServerStats.changed(from: idle, to: ServerCounters.sample(online: 3, logins: 3, refused: 0, left: 0)))
        #expect(ServerStats.changed(from: idle, to: ServerCounters.sample(online: 2, logins: 2, refused: 1, left: 0)))
        #expect(ServerStats.changed(from: idle, to: idle.withMoves(1)))
    }
}

extension ServerCounters {
    fileprivate static func sample(online: Int, logins: Int, refused: Int, left: Int) -> ServerCounters {
        var counters = ServerCounters()
        counters.playersOnline = online
        counters.connections = online
        counters.logins = logins
        if refused > 0 { counters.refusals[.badCredentials] = refused }
        if left > 0 { counters.disconnects[.loggedOut] = left }
        return counters
    }

    fileprivate func withPings(_ count: Int) -> ServerCounters {
        var counters = self
        counters.pingsSent += count
        counters.framesOutByType[.pingEvent] += count
        counters.framesInByType[.pingEvent] += count
        return counters
    }

    fileprivate func withMoves(_ count: Int) -> ServerCounters {
        var counters = self
        counters.framesInByType[.mouseEvent] += count
        return counters
    }
}
