/// Waits until `condition` holds, checking it every `interval` without blocking a thread
/// (tests share the cooperative pool with the server's actor). Returns false only if
/// `timeout` (scaled by ``TestTime/scale``) passes first: an upper bound that fails a
/// hung test, never a window the condition must meet.
///
/// There is deliberately no blocking overload: with one, `await eventually { … }` given
/// a synchronous closure chose it, and a wait for something the server's actor does
/// then held one of Swift's two cooperative threads for up to the whole timeout; two
/// such waits stalled the suite for 30 s and failed tests whose waits needed them.
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
