import Foundation
import NIOConcurrencyHelpers
import ServiceLifecycle

/// A swift-service-lifecycle `Service` around a blocking body (a `poll()` loop, the load
/// generator's run), so that a `ServiceGroup` owns SIGINT/SIGTERM for it: the body runs
/// on a thread of its own, off Swift's cooperative pool, and a graceful shutdown or a
/// cancellation calls `stop`, which makes the body return.
final class BlockingService<Result: Sendable>: Service, Sendable {
    private let body: @Sendable () -> Result
    private let stop: @Sendable () -> Void
    private let outcome = NIOLockedValueBox<Result?>(nil)

    init(body: @escaping @Sendable () -> Result, stop: @escaping @Sendable () -> Void) {
        self.body = body
        self.stop = stop
    }

    /// What the body returned, once `run()` has.
    var result: Result? { outcome.withLockedValue { $0 } }

    func run() async throws {
        let stop = self.stop
        let value = await withTaskCancellationHandler {
            await withGracefulShutdownHandler {
                await withCheckedContinuation { (continuation: CheckedContinuation<Result, Never>) in
                    let body = self.body
                    Thread { continuation.resume(returning: body()) }.start()
                }
            } onGracefulShutdown: {
                stop()
            }
        } onCancel: {
            stop()
        }
        outcome.withLockedValue { $0 = value }
    }
}
