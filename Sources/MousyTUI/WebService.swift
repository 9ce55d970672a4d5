import DevServer
import Logging
import ServiceLifecycle
import WebFront

/// The web front (the page and its WebSockets) as a service of `mousy serve`'s group: it
/// starts once the game server listens (its players log in there), on the game's event
/// loops, and stops listening on graceful shutdown; its players hear the game server's
/// goodbye through their game connections.
final class WebService: Service, Sendable {
    private let game: GameServer
    private let webPort: Int
    private let logger: Logger
    private let started: AsyncThrowingStream<WebFront, any Error>
    private let continuation: AsyncThrowingStream<WebFront, any Error>.Continuation

    init(game: GameServer, webPort: Int, logger: Logger) {
        self.game = game
        self.webPort = webPort
        self.logger = logger
        (started, continuation) = AsyncThrowingStream.makeStream(of: WebFront.self)
    }

    /// The front once it listens; throws its failure to start (nil: the game server
    /// stopped before it listened). Call it once.
    func listening() async throws -> WebFront? {
        for try await front in started { return front }
        return nil
    }

    func run() async throws {
        let front: WebFront
        do {
            let gateway = try await game.gateway()
            front = try await WebFront.start(
                host: game.configuration.host, port: webPort, gateway: gateway, group: gateway.eventLoopGroup,
                pingInterval: game.configuration.pingInterval, logger: logger)
        } catch ServerError.notRunning {
            continuation.finish()
            return
        } catch {
            let failure = WebError(host: game.configuration.host, port: webPort, underlying: error)
            continuation.finish(throwing: failure)
            throw failure
        }
        continuation.yield(front)
        continuation.finish()
        try? await gracefulShutdown()
        await front.close()
    }
}
