import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

#if canImport(Glibc)
import Glibc
#endif

/// The game client: runs all networking on its own background thread (a one-thread
/// event loop group) and talks to the UI only through a ``ClientQueue``.
///
/// It connects, logs in (to this project's server, which answers LOGIN_RESULT, or to
/// the original, where the first ping means logged in and a silent close means
/// refused), bounces every ping, writes the UI's moves, and after an established
/// session drops reconnects with capped exponential backoff and jitter, logging in
/// again by itself. A first connect that fails and a refused login are final.
///
/// Moves sent while not logged in are not queued up for later: the last position goes
/// out right after each login. While the server is not reading, moves stay in the queue
/// (where motion merges) until the socket drains.
///
/// Creating a client ignores SIGPIPE for the whole process, so a write to a closed
/// socket is an error to handle, never a signal that kills the program.
public final class GameClient: Sendable {
    private enum Lifecycle: Sendable {
        case idle, running, stopped
    }

    /// The configuration this client runs with.
    public let configuration: ClientConfiguration
    /// The queue this client reads commands from and posts events to.
    public let queue: ClientQueue
    private let logger: Logger
    private let group: MultiThreadedEventLoopGroup
    private let link: NIOLoopBound<QueueLink>
    private let lifecycle = NIOLockedValueBox(Lifecycle.idle)
    /// False once the event loop is being shut down: nothing may be scheduled on it.
    private let loopOpen = NIOLockedValueBox(true)
    private let lastContactTime: LastContact

    public init(configuration: ClientConfiguration, queue: ClientQueue, logger: Logger) {
        signal(SIGPIPE, SIG_IGN)
        self.configuration = configuration
        self.queue = queue
        self.logger = logger
        self.lastContactTime = LastContact()
        self.group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let eventLoop = group.next()
        let lastContact = lastContactTime
        // The link and its driver are bound to their loop, so they are made there.
        self.link = try! eventLoop.submit {
            NIOLoopBound(
                QueueLink(
                    configuration: configuration,
                    queue: queue,
                    logger: logger,
                    eventLoop: eventLoop,
                    lastContact: lastContact
                ),
                eventLoop: eventLoop
            )
        }.wait()
    }

    /// Starts connecting; returns at once. Events arrive on the queue, starting with
    /// `.connecting`. Does nothing if already started or stopped.
    public func start() {
        let go = lifecycle.withLockedValue { state in
            guard case .idle = state else { return false }
            state = .running
            return true
        }
        guard go else { return }
        let link = self.link
        let eventLoop = link.eventLoop
        let loopOpen = self.loopOpen
        queue.setCommandWaker {
            // A waker taken just before the client finished may run after stop(): the
            // loop is then gone, and there is nothing left to wake.
            loopOpen.withLockedValue { open in
                if open { eventLoop.execute { link.value.drainCommands() } }
            }
        }
        eventLoop.execute { link.value.driver.start() }
    }

    /// Sends PLAYER_LOGOUT (if logged in), flushes, closes, and stops the thread; then
    /// `.stopped` has been posted. Equivalent to `queue.send(.quit)` and waiting. Safe
    /// to call twice, and before ``start()``. Blocks: do not call it from an event loop.
    public func stop() {
        let previous = lifecycle.withLockedValue { state in
            defer { state = .stopped }
            return state
        }
        switch previous {
        case .stopped:
            return
        case .idle:
            let link = self.link
            try? link.eventLoop.submit { link.value.driver.finishWithoutStarting() }.wait()
        case .running:
            queue.send(.quit)
            do {
                let link = self.link
                try link.eventLoop.submit { link.value.stopped }.flatMap { $0 }.wait()
            } catch {
                logger.error("stopping the client failed", metadata: ["error": "\(error)"])
            }
        }
        queue.setCommandWaker(nil)
        loopOpen.withLockedValue { $0 = false }
        do {
            try group.syncShutdownGracefully()
        } catch {
            logger.error("shutting down the client thread failed", metadata: ["error": "\(error)"])
        }
    }

    /// When the server was last heard from (any frame), in microseconds since the Unix
    /// epoch; nil before the first contact.
    public var lastContactMicros: UInt64? { lastContactTime.value }
}
