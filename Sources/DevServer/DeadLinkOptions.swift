import NIOCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The socket options that end a player connection over a dead link: TCP keepalive
/// (probes an idle connection) and, on Linux, TCP_USER_TIMEOUT (unacknowledged data, such
/// as our pings, ends the connection after that long instead of after TCP's many minutes
/// of retransmissions).
enum DeadLinkOptions {
    /// Idle time before the first keepalive probe, the time between probes, and how many
    /// unanswered probes end the connection.
    static let keepaliveIdleSeconds = 10
    static let keepaliveIntervalSeconds = 5
    static let keepaliveProbes = 3

    /// Sets them on an accepted player socket (`userTimeout` nil: only keepalive).
    static func apply(to channel: Channel, userTimeout: TimeAmount?) throws {
        guard let options = channel.syncOptions else { return }
        try options.setOption(.socketOption(.so_keepalive), value: 1)
        #if os(Linux)
        let tcp = SocketOptionLevel(IPPROTO_TCP)
        try options.setOption(ChannelOptions.Types.SocketOption(level: tcp, name: TCP_KEEPIDLE), value: keepaliveIdleSeconds)
        try options.setOption(ChannelOptions.Types.SocketOption(level: tcp, name: TCP_KEEPINTVL), value: keepaliveIntervalSeconds)
        try options.setOption(ChannelOptions.Types.SocketOption(level: tcp, name: TCP_KEEPCNT), value: keepaliveProbes)
        if let userTimeout {
            let milliseconds = Int(clamping: userTimeout.nanoseconds / 1_000_000)
            try options.setOption(ChannelOptions.Types.SocketOption(level: tcp, name: TCP_USER_TIMEOUT), value: milliseconds)
        }
        #endif
    }
}
