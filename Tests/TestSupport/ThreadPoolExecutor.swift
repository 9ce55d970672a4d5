import Foundation

/// A task executor on threads of its own, for test code that blocks.
///
/// Swift's cooperative pool has one thread per core: two on the machines this project is
/// tested on. A test that blocks one of them (spawning tmux and waiting for it, reading a
/// pipe) starves every other test's tasks while it does; two such tests at once stalled
/// the whole suite for half a minute, long enough for servers' login timeouts to close
/// connections that a starved test had not yet written to. Work run here blocks only
/// these threads.
public final class ThreadPoolExecutor: TaskExecutor, @unchecked Sendable {
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []
    private var stopping = false

    /// Starts `threads` threads (more than one, so that child tasks that wait on each
    /// other cannot deadlock behind one blocked thread).
    public init(threads: Int = 3) {
        precondition(threads > 0)
        for index in 0..<threads {
            let thread = Thread { [self] in work() }
            thread.name = "test-executor-\(index)"
            thread.start()
        }
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    /// Lets the threads finish once no job is left; jobs enqueued later still run.
    public func shutdown() {
        condition.lock()
        stopping = true
        condition.broadcast()
        condition.unlock()
    }

    private func work() {
        while true {
            condition.lock()
            while jobs.isEmpty, !stopping { condition.wait() }
            guard !jobs.isEmpty else {
                condition.unlock()
                return
            }
            let job = jobs.removeFirst()
            condition.unlock()
            job.runSynchronously(on: asUnownedTaskExecutor())
        }
    }
}
