import DevServer
import Logging
import Messages
import NIOConcurrencyHelpers
import NIOCore

/// The SSH front's lines about connections that have not authenticated: refused
/// connections, refused logins, timeouts. Anyone can cause them, so each kind of line
/// (e.g. "wrong password") is written at most once a second, and the lines held back are
/// counted into one summary line (``RepeatedLines``, as the game's login desk does).
/// Every part a peer chose (a user name) is sanitised here, whatever the log handler does.
/// Shared by every connection of one ``SSHServer``, on any event loop.
final class SSHPreAuthLog: Sendable {
    private struct State {
        var lines: RepeatedLines
        var summaryScheduled = false
    }

    private let logger: Logger
    private let state: NIOLockedValueBox<State>

    init(logger: Logger, interval: TimeAmount = .seconds(1)) {
        self.logger = logger
        state = NIOLockedValueBox(State(lines: RepeatedLines(intervalNanoseconds: UInt64(max(1, interval.nanoseconds)))))
    }

    /// Writes "ssh: SUBJECT from PEER: KIND (DETAIL)" unless a line of that `kind` went
    /// out less than the interval ago; then it is counted, and a summary follows on `loop`.
    func log(_ kind: String, subject: String, peer: SocketAddress?, detail: String? = nil, on loop: any EventLoop) {
        let now = NIODeadline.now().uptimeNanoseconds
        let (heldBack, schedule) = state.withLockedValue { state -> (Int?, Bool) in
            let admitted = state.lines.admit(kind, now: now)
            guard admitted == nil, !state.summaryScheduled else { return (admitted, false) }
            state.summaryScheduled = true
            return (nil, true)
        }
        if schedule { scheduleSummary(on: loop) }
        guard let heldBack else { return }
        var line = "ssh: \(subject) from \(Self.describe(peer)): \(kind)"
        if let detail { line += " (\(detail))" }
        if heldBack > 0 { line += "; \(heldBack) more like it held back" }
        logger.info("\(line)")
    }

    private func scheduleSummary(on loop: any EventLoop) {
        let interval = state.withLockedValue { $0.lines.interval }
        loop.scheduleTask(in: .nanoseconds(Int64(interval))) { [self] in
            let now = NIODeadline.now().uptimeNanoseconds
            let (due, again) = state.withLockedValue { state in
                let due = state.lines.due(now: now)
                state.summaryScheduled = state.lines.isHoldingBack
                return (due, state.summaryScheduled)
            }
            for (kind, count) in due {
                logger.info("ssh: \(count) more like \"\(kind)\" in the last second")
            }
            if again { scheduleSummary(on: loop) }
        }
    }

    /// "127.0.0.2:51234", "[::1]:51234", or "unknown peer".
    static func describe(_ address: SocketAddress?) -> String {
        guard let address, let ip = address.ipAddress, let port = address.port else { return "unknown peer" }
        return address.protocol == .inet6 ? "[\(ip)]:\(port)" : "\(ip):\(port)"
    }

    /// A user name as a log line shows it: sanitised, at most 64 bytes, quoted.
    static func shown(_ name: String) -> String {
        NetworkText.sanitized(name, maximumBytes: 64).debugDescription
    }
}
