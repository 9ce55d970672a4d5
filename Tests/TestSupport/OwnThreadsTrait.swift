import Testing

/// Runs each test on a ``ThreadPoolExecutor`` of its own instead of Swift's two
/// cooperative threads: for suites whose tests block (tmux, child processes, pipes) and for
/// tests that compute for seconds (a fuzz run, 100,000 names), which would hold them too.
/// Issues are still recorded against the test: it runs in the same task.
public struct OwnThreadsTrait: SuiteTrait, TestTrait, TestScoping {
    public var isRecursive: Bool { true }

    public func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        // Only the test functions themselves (and so each test case once), not the suite.
        guard !test.isSuite else { return try await function() }
        let executor = ThreadPoolExecutor()
        defer { executor.shutdown() }
        try await withTaskExecutorPreference(executor) {
            try await function()
        }
    }
}

extension Trait where Self == OwnThreadsTrait {
    /// Each test runs on threads of its own, so that blocking in it starves no other test.
    public static var ownThreads: Self { OwnThreadsTrait() }
}
