import Messages
import Net
import NIOCore

/// Turns a probe's session events into a ``ProbeAnswer``: the first answer to the login
/// decides; an accepted login is logged out again at once.
final class ProbeSink: SessionSink {
    private let answer: EventLoopPromise<ProbeAnswer>
    private let stopped: EventLoopPromise<Void>
    private var answered = false

    init(answer: EventLoopPromise<ProbeAnswer>, stopped: EventLoopPromise<Void>) {
        self.answer = answer
        self.stopped = stopped
    }

    func driver(_ driver: SessionDriver, posted event: ClientEvent) {
        switch event {
        case .loggedIn(let welcome):
            answer(welcome == nil ? .acceptedUnchecked : .accepted)
            // Out of the session's own steps: the goodbye, then the close.
            driver.eventLoop.assumeIsolated().execute { driver.quit() }
        case .refused:
            if let reason = driver.session.serverRefusal {
                answer(reason == ClientSession.nameTakenReason ? .nameTaken : .refused(reason: reason))
            } else {
                answer(.closedSilently)
            }
        case .disconnected(let reason):
            switch driver.failure {
            case .nothingListening: answer(.nothingListening)
            case .notAGameServer, .loginUnanswered: answer(.notAGameServer)
            case .unreachable, .broken, .silent, nil: answer(.unreachable(reason))
            }
        case .stopped:
            answer(.notAGameServer)  // ended without an answer
            stopped.succeed()
        case .connecting, .ping, .cursor, .playerLeft, .message, .reconnecting:
            break
        }
    }

    private func answer(_ result: ProbeAnswer) {
        guard !answered else { return }
        answered = true
        answer.succeed(result)
    }
}
