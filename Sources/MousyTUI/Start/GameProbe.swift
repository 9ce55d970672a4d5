import Logging
import Messages
import Net
import NIOCore
import NIOPosix

/// Finds out, before the screen starts, what listens on an address: it connects, logs
/// in as a player would and reads the answer, then logs out again. Only a server that
/// answers the login in the game's own frames counts as a game server.
enum GameProbe {
    /// The reason this project's server gives for a duplicate name.
    static let nameTakenReason = ClientSession.nameTakenReason

    /// One trial login of `username` on `address`; waits at most `timeout` for the answer.
    /// It runs Net's ``SessionDriver`` (without reconnects), as every client does.
    static func probe(
        _ address: ServerAddress,
        username: String,
        password: String,
        timeout: TimeAmount = .seconds(3),
        spectator: Bool = false,
        tap: SessionTap? = nil
    ) -> ProbeAnswer {
        let eventLoop = MultiThreadedEventLoopGroup.singleton.any()
        let answer = eventLoop.makePromise(of: ProbeAnswer.self)
        let stopped = eventLoop.makePromise(of: Void.self)
        var rules = ClientSession.Rules(server: address, username: username, password: password, reconnect: false)
        rules.spectator = spectator
        var logger = Logger(label: "mousy.probe")
        logger.logLevel = .warning
        eventLoop.execute { [rules, logger] in
            let options = SessionDriver.Options(
                rules: rules,
                connector: .tcp(address, connectTimeout: timeout),
                loginTimeout: timeout,
                quitGracePeriod: .seconds(1),
                tap: tap,
                logger: logger
            )
            let sink = ProbeSink(answer: answer, stopped: stopped)
            SessionDriver(options: options, eventLoop: eventLoop, sink: sink).start()
        }
        let result = (try? answer.futureResult.wait()) ?? .notAGameServer
        // Wait for the close, so that a name the probe logged out is free again.
        try? stopped.futureResult.wait()
        return result
    }
}

extension GameProbe {
    /// Trial logins on `address` until one is answered: with `automaticName`, a name
    /// that is playing already is followed by the next (`DefaultName.next`), up to
    /// `attempts` names, and on a server that cannot tell names apart (the original,
    /// which never refuses one) the name is made unique (`DefaultName.unique`), so that
    /// two players never share one there. Returns the last answer and the name to use.
    static func findSeat(
        _ address: ServerAddress,
        username: String,
        password: String,
        automaticName: Bool,
        attempts: Int = 50,
        spectator: Bool = false
    ) -> (answer: ProbeAnswer, username: String) {
        var name = username
        for _ in 1..<max(1, attempts) {
            let answer = probe(address, username: name, password: password, spectator: spectator)
            if answer == .acceptedUnchecked, automaticName { return (answer, DefaultName.unique(like: name)) }
            guard answer == .nameTaken, automaticName else { return (answer, name) }
            name = DefaultName.next(after: name)
        }
        return (probe(address, username: name, password: password, spectator: spectator), name)
    }
}
