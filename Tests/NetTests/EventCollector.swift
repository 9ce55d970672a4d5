#if canImport(Glibc)
import Glibc
#endif
import Net
import NIOCore
import TestSupport

/// Reads a ``ClientQueue``'s events the way a UI does: poll() on its wake descriptor,
/// then takeEvents(). Keeps everything it has seen.
final class EventCollector {
    let queue: ClientQueue
    private(set) var events: [ClientEvent] = []

    init(queue: ClientQueue) { self.queue = queue }

    /// Waits (polling the wake descriptor, up to `timeout` scaled by ``TestTime/scale``)
    /// until an event matching `predicate` arrives after the first `from` events; returns
    /// it, or nil on timeout. It blocks its thread: tests use ``next(timeout:from:_:)``,
    /// since a test blocking one of Swift's two cooperative threads starves the others.
    @discardableResult
    func waitFor(
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

    /// Counts the events matching `predicate` seen so far.
    func count(_ predicate: (ClientEvent) -> Bool) -> Int {
        events.filter(predicate).count
    }
}

extension ClientEvent {
    var isLoggedIn: Bool { if case .loggedIn = self { true } else { false } }
    var isPing: Bool { if case .ping = self { true } else { false } }
    var isStopped: Bool { self == .stopped }
    var isConnecting: Bool { if case .connecting = self { true } else { false } }
    var isReconnecting: Bool { if case .reconnecting = self { true } else { false } }
    var refusedReason: String? { if case .refused(let reason) = self { reason } else { nil } }
    var disconnectedReason: String? { if case .disconnected(let reason) = self { reason } else { nil } }
    var pingReport: PingReport? { if case .ping(let report) = self { report } else { nil } }
}

import Logging

/// A logger for tests: warnings and worse only, so test output stays readable.
func quietLogger(_ label: String = "net-test") -> Logger {
    var logger = Logger(label: label)
    logger.logLevel = .warning
    return logger
}

extension EventCollector {
    /// The async form of ``waitFor(timeout:from:_:)`` for tests that share the
    /// cooperative pool with an actor (the GameServer): it never blocks a thread, it
    /// checks the wake descriptor and sleeps a little between checks.
    @discardableResult
    func next(
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
}
