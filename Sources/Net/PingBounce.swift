import Messages
import NIOCore

#if canImport(Glibc)
import Glibc
#endif

/// A ping's bounce (stamped, for the server to measure the round trip) and the report of
/// it for the front.
struct PingBounce {
    var reply: Ping
    var report: PingReport

    /// Bounces `ping`, read on `channel` now. `serverReportsRoundTrip`: the server measures
    /// round trips (``ClientSession/serverReportsRoundTrip``).
    init(_ ping: Ping, on channel: any Channel, serverReportsRoundTrip: Bool) {
        let now = Epoch.nowMicros()
        reply = Ping()
        reply.sentEpoch = ping.sentEpoch
        reply.bounceEpoch = now
        let length = (try? Frame.encode(.ping(ping)).count).map { $0 - Frame.headerLength } ?? 0
        let serverRoundTrip: UInt64? = ping.rttUs > 0 ? UInt64(ping.rttUs) : nil
        // A server that measures round trips sends none in its first ping (it has had no
        // bounce yet): unknown then, not the kernel's few microseconds of a fresh socket.
        // The kernel's estimate stands in only for a server that never reports one.
        let estimate = serverReportsRoundTrip ? nil : Self.kernelRoundTrip(channel)
        report = PingReport(
            length: length,
            roundTripMicros: serverRoundTrip ?? estimate,
            roundTripFromServer: serverRoundTrip != nil,
            sentEpochMicros: ping.sentEpoch,
            receivedAtMicros: now,
            playersOnline: ping.hasPlayersOnline ? Int(ping.playersOnline) : nil
        )
    }

    /// The kernel's smoothed TCP round trip for this connection, in microseconds.
    private static func kernelRoundTrip(_ channel: any Channel) -> UInt64? {
        #if os(Linux)
        guard let provider = channel as? any SocketOptionProvider else { return nil }
        var roundTrip: UInt64?
        // On the channel's own loop this completes at once.
        provider.getTCPInfo().assumeIsolated().whenSuccess { info in
            roundTrip = info.tcpi_rtt > 0 ? UInt64(info.tcpi_rtt) : nil
        }
        return roundTrip
        #else
        return nil
        #endif
    }
}
