#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// A loopback TCP port that nothing listens on and that the kernel never hands out for
/// port 0.
///
/// Tests that need a port to stay free (to restart a server on it, or to find nobody
/// listening) cannot use a port they got from binding port 0: once released, another test
/// running in parallel may be given the same one. Ports below the ephemeral range
/// (`/proc/sys/net/ipv4/ip_local_port_range`) are only ever taken by name.
///
/// Picks go round the range from a random start, one port further each time, so two picks in
/// one process (tests run in parallel there) never meet: a test that picks a port and binds
/// it seconds later (a `mousy` started in tmux) cannot be handed the same port meanwhile.
/// The random start keeps separate processes (another worktree's test run) apart.
public enum QuietPort {
    static let range = 20_000..<32_000
    private static let start = Int.random(in: 0..<range.count)
    private static let picks = Atomic<Int>(0)

    /// A port from 20000 to 31999 that is free right now and not picked before in this process.
    public static func next() -> Int {
        for _ in 0..<1_000 {
            let pick = picks.wrappingAdd(1, ordering: .relaxed).oldValue
            let port = range.lowerBound + (start + pick) % range.count
            if LoopbackAddress.isFree(port) { return port }
        }
        fatalError("no free port from 20000 to 31999")
    }
}
