import DevServer
import Logging
import ServiceLifecycle

/// Ends a hosted game's service group once the game has been empty for its delay
/// (``EmptyGameRule``): returning, as a service set to shut its group down gracefully,
/// lets the game server say goodbye to anyone who logs in at the last moment.
struct EmptyGameTimer: Service {
    let server: GameServer
    let delay: Duration
    let logger: Logger

    func run() async throws {
        let (server, delay, logger) = (self.server, self.delay, self.logger)
        do {
            try await cancelWhenGracefulShutdown {
                var rule = EmptyGameRule(delay: delay, start: .now)
                while true {
                    try await Task.sleep(for: rule.checkInterval)
                    let logins = await server.stats().counters.logins
                    if rule.observe(online: await server.playersOnline, logins: logins, at: .now) {
                        logger.info("Nobody has played for \(delay): the game ends")
                        return
                    }
                }
            }
        } catch is CancellationError {
            return  // the group is stopping anyway (a signal)
        }
    }
}
