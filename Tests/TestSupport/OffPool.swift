import Foundation

/// Runs blocking `work` (a read, a wait for a child) on a thread of its own and awaits
/// its result.
///
/// Swift's cooperative pool has one thread per core: two on the machines this project
/// is tested on. A blocking call made on it from a test holds one of those threads, and
/// with tests running in parallel the others can starve, or wait on each other for ever.
public func offPool<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        Thread { continuation.resume(returning: work()) }.start()
    }
}
