#if canImport(Glibc)
import Glibc
#endif

/// Waits until `condition` holds, checking it every few milliseconds. Returns false only
/// if `timeout` (scaled by ``TestTime/scale``) passes first.
///
/// The timeout is an upper bound that fails a hung test, never a window that the
/// condition must meet to pass: give it generously, and wait for a state (a counter, an
/// event, a log line), not for time to go by. This form blocks its thread: use it from
/// threads and synchronous tests; async code gets the async overload.
public func eventually(timeout: Duration = TestTime.defaultBound, _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = ContinuousClock.now + TestTime.scaled(timeout)
    while try !condition() {
        guard ContinuousClock.now < deadline else { return false }
        usleep(2_000)
    }
    return true
}

/// Waits until `condition` holds, checking it every `interval` without blocking a thread
/// (tests share the cooperative pool with the server's actor). Returns false only if
/// `timeout` (scaled by ``TestTime/scale``) passes first: an upper bound that fails a
/// hung test, never a window the condition must meet.
public func eventually(
    timeout: Duration = TestTime.defaultBound,
    every interval: Duration = .milliseconds(5),
    _ condition: () async throws -> Bool
) async rethrows -> Bool {
    let deadline = ContinuousClock.now + TestTime.scaled(timeout)
    while try await !condition() {
        guard ContinuousClock.now < deadline else { return false }
        try? await Task.sleep(for: interval)
    }
    return true
}
