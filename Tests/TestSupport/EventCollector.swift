#if canImport(Glibc)
import Glibc
#endif
import Net

/// Reads a ``ClientQueue``'s events the way a UI does: poll() on its wake descriptor,
/// then takeEvents(). Keeps everything it has seen.
public final class EventCollector {
    public let queue: ClientQueue
    public private(set) var events: [ClientEvent] = []

    public init(queue: ClientQueue) { self.queue = queue }

    /// Waits (polling the wake descriptor, up to `timeout` scaled by ``TestTime/scale``)
    /// until an event matching `predicate` arrives after the first `from` events; returns
    /// it, or nil on timeout. It blocks its thread: tests use ``next(timeout:from:_:)``,
    /// since a test blocking one of Swift's two cooperative threads starves the others.
    @discardableResult
    public func waitFor(
        timeout: Duration = TestTime.defaultBound,
        from: Int? = nil,
        _ predicate: (ClientEvent) -> Bool
    ) -> ClientEvent? {
        var checked = from ?? 0
        let deadline = ContinuousClock.now + TestTime.scaled(timeout)
        while true {
            events += queue.takeEvents()
            while checked < events.count {
                defer { checked += 1 }
                if predicate(events[checked]) { return events[checked] }
            }
            let left = deadline - ContinuousClock.now
            guard left > .zero else { return nil }
            var pfd = pollfd(fd: queue.wakeFileDescriptor, events: Int16(POLLIN), revents: 0)
            let millis = Int32(min(left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000 + 1, 1000))
            _ = poll(&pfd, 1, millis)
        }
    }

    /// The async form of ``waitFor(timeout:from:_:)`` for tests that share the
    /// cooperative pool with an actor (the GameServer): it never blocks a thread, it
    /// checks the wake descriptor and sleeps a little between checks.
    @discardableResult
    public func next(
        timeout: Duration = TestTime.defaultBound,
        from: Int? = nil,
        _ predicate: (ClientEvent) -> Bool
    ) async -> ClientEvent? {
        var start = from ?? 0
        var found: ClientEvent?
        _ = await eventually(timeout: timeout) {
            found = waitFor(timeout: .zero, from: start, predicate)
            start = events.count
            return found != nil
        }
        return found
    }

    /// Counts the events matching `predicate` seen so far.
    public func count(_ predicate: (ClientEvent) -> Bool) -> Int {
        events.filter(predicate).count
    }
}
