import Logging
import Messages
import NIOCore

/// Joins a ``SessionDriver`` to a ``ClientQueue``, for ``GameClient``: the UI's commands
/// go to the driver, the driver's events to the queue. Lives on the driver's event loop.
final class QueueLink: SessionSink {
    private let queue: ClientQueue
    private let stoppedPromise: EventLoopPromise<Void>
    /// Set right after init (the driver needs its sink first).
    private(set) var driver: SessionDriver!

    init(configuration: ClientConfiguration, queue: ClientQueue, logger: Logger, eventLoop: any EventLoop, lastContact: LastContact) {
        self.queue = queue
        self.stoppedPromise = eventLoop.makePromise()
        let options = SessionDriver.Options(
            rules: configuration.sessionRules,
            connector: .tcp(
                configuration.server,
                connectTimeout: configuration.connectTimeout,
                sendBufferBytes: configuration.socketSendBufferBytes
            ),
            loginTimeout: configuration.loginTimeout,
            quitGracePeriod: configuration.quitGracePeriod,
            tap: configuration.tap,
            logger: logger
        )
        driver = SessionDriver(options: options, eventLoop: eventLoop, sink: self)
        driver.lastContact = lastContact
    }

    /// Succeeds once `.stopped` has been posted.
    var stopped: EventLoopFuture<Void> { stoppedPromise.futureResult }

    func driver(_ driver: SessionDriver, posted event: ClientEvent) {
        if case .stopped = event {
            queue.setCommandWaker(nil)
            queue.post(.stopped)
            stoppedPromise.succeed()
            return
        }
        queue.post(event)
    }

    func driverBecameWritable(_ driver: SessionDriver) {
        drainCommands()
    }

    /// Takes and carries out the UI's commands (woken by the queue at most once per batch).
    func drainCommands() {
        if case .loggedIn = driver.session.state, !driver.isWritable, !queue.isQuitRequested {
            // The server is not reading: leave the moves in the queue, where they coalesce;
            // driverBecameWritable comes back for them.
            queue.noteHeldBackDrain()
            return
        }
        for command in queue.takeCommands() {
            driver.perform(command)
            if case .quit = command { return }
        }
    }
}
