import DevServer
import Logging
import NIOCore
import TestSupport
import WebFront

/// A game server with its web front, both on loopback, for the browser tests: restartable
/// on the same two ports.
struct WebWorld {
    let game: TestServer
    let front: WebFront

    /// The page's address.
    var url: String { "http://127.0.0.1:\(front.port)/" }

    /// Starts both (0: any free port); pings every 200 ms.
    static func start(gamePort: Int = 0, webPort: Int = 0) async throws -> WebWorld {
        let game = try await TestServer.start(port: gamePort) { $0.pingInterval = .milliseconds(200) }
        do {
            let gateway = try await game.server.gateway()
            let front = try await WebFront.start(
                host: "127.0.0.1", port: webPort, gateway: gateway, group: gateway.eventLoopGroup,
                pingInterval: game.server.configuration.pingInterval, logger: quietLogger("web"))
            return WebWorld(game: game, front: front)
        } catch {
            await game.server.shutdown()
            throw error
        }
    }

    /// Stops the front listening, then shuts the game server down (its players, the
    /// browsers' too, hear "server shutting down"); the front runs on the server's event
    /// loops, so it closes first.
    func stop() async {
        await front.close()
        await game.server.shutdown()
    }
}
