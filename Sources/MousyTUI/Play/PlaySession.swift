import GameUI
import Logging
import Messages
import NIOCore
import Net

#if canImport(Glibc)
import Glibc
#endif

/// The UI thread of `mousy play`: it owns the terminal, sleeps in `poll()` on stdin, the
/// client queue's wake-up descriptor and the signal pipe, and turns what wakes it into
/// commands for the network and a redraw of what changed.
final class PlaySession {
    /// How the session ended.
    enum Outcome: Equatable {
        /// `q` pressed.
        case quit
        /// SIGINT, SIGTERM or SIGHUP.
        case signal(Int32)
        /// The terminal went away (stdin closed).
        case hangUp
        /// It never got to play (the server could not be reached or refused the login), or
        /// it quit while refused.
        case failed(String)
    }

    private var client: GameClient
    private var queue: ClientQueue
    /// With an automatic name: a client (and its queue) for another name, used when the
    /// server says the name is playing already (another `mousy` took it a moment ago).
    private let clientForName: ((String) -> (GameClient, ClientQueue))?
    /// The name was refused as playing: take the next one once this client has stopped.
    private var nameTaken = false
    private var renames = 0
    private let terminal = Terminal()
    private var model: GameModel
    private var renderer: Renderer?
    /// When the lone ESC now waiting was first seen (epoch microseconds).
    private var escapeSeenAt: UInt64?

    init(client: GameClient, queue: ClientQueue, state: GameState,
         clientForName: ((String) -> (GameClient, ClientQueue))? = nil) {
        self.client = client
        self.queue = queue
        self.clientForName = clientForName
        model = GameModel(state: state, layout: Layout(columns: 0, rows: 0), reconnects: true)
    }

    /// Runs until quit, a signal, a hang-up or a failure to get in; the terminal is
    /// restored and the client stopped when it returns or throws.
    func run() throws -> Outcome {
        // Runs last: the client is stopped on every path (even before it started), and
        // after the terminal is back, so a slow goodbye never holds the screen.
        defer { client.stop() }
        let signals = try SignalPipe()
        signals.install()
        defer { signals.uninstall() }
        try terminal.start()
        defer { terminal.stop() }
        renderer = Renderer(depth: terminal.colorDepth, palette: terminal.palette)
        relayout()
        client.start()
        return loop(signals: signals)
    }

    private static let clockSlackMillis: Int32 = 100

    private func loop(signals: SignalPipe) -> Outcome {
        var fds = [
            pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
            pollfd(fd: queue.wakeFileDescriptor, events: Int16(POLLIN), revents: 0),
            pollfd(fd: signals.readEnd, events: Int16(POLLIN), revents: 0),
        ]
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let now = Epoch.nowMicros()
            model.state.advance(to: now)
            renderer?.render(model.state, layout: model.layout, now: now)
            var timeout: Int32 = -1
            if let next = model.state.nextTimedChange(now: Epoch.nowMicros()) {
                let now = Epoch.nowMicros()
                // A change due to time alone ("last heard 1 s ago") is drawn 100 ms late, as
                // in SSH sessions: the ping a few ms after the second then turns it back
                // to 0 s in the same frame instead of costing a frame of its own.
                timeout = (next > now ? Int32(clamping: (next - now + 999) / 1000) : 0) + Self.clockSlackMillis
            }
            // An ESC with nothing after it yet: the Esc key, unless a sequence follows at
            // once. Timed from the ESC, not from the last wake-up: pings must not defer it.
            escapeSeenAt = model.hasLoneEscape ? escapeSeenAt ?? now : nil
            let escapeDue = escapeSeenAt.map { $0 + UInt64(PlayerInput.escapeDelayMillis) * 1000 }
            if let escapeDue {
                let left = Int32(clamping: escapeDue > now ? (escapeDue - now + 999) / 1000 : 0)
                timeout = timeout < 0 ? left : min(timeout, left)
            }
            for index in fds.indices { fds[index].revents = 0 }
            let ready = poll(&fds, nfds_t(fds.count), timeout)
            if let escapeDue, Epoch.nowMicros() >= escapeDue, !model.update(.escapeTimedOut).isEmpty {
                escapeSeenAt = nil
                if ready == 0 { continue }
            }
            if ready < 0 {
                if errno == EINTR { continue }
                return .hangUp
            }
            if fds[2].revents != 0 {
                for received in signals.drain() {
                    switch received {
                    case SIGINT, SIGTERM, SIGHUP:
                        return .signal(received)
                    case SIGTSTP:
                        suspend()
                    case SIGWINCH:
                        relayout()
                    default:
                        break  // SIGCONT: handled where the stop was raised
                    }
                }
            }
            if fds[0].revents & Int16(POLLIN) != 0 {
                let count = read(STDIN_FILENO, &buffer, buffer.count)
                if count == 0 || (count < 0 && errno != EINTR && errno != EAGAIN) {
                    return .hangUp
                }
                if count > 0, let outcome = handleInput(buffer[0..<count]) {
                    return outcome
                }
            } else if fds[0].revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 {
                return .hangUp
            }
            if fds[1].revents != 0, let outcome = handleEvents(queue.takeEvents()) {
                return outcome
            }
            fds[1].fd = queue.wakeFileDescriptor  // a new client after a rename has its own
        }
    }

    // MARK: Input and network events

    private func handleInput(_ bytes: ArraySlice<UInt8>) -> Outcome? {
        carryOut(model.update(.terminal(bytes)))
    }

    private func handleEvents(_ events: [ClientEvent]) -> Outcome? {
        let now = Epoch.nowMicros()
        for event in events {
            // The name was taken a moment ago by another `mousy`: take the next once this
            // client has stopped (a driver's matter: it starts another client).
            if case .refused(let reason) = event, clientForName != nil, !model.state.everLoggedIn, renames < 50,
               reason.contains(GameProbe.nameTakenReason) {
                nameTaken = true
                continue
            }
            if case .stopped = event, nameTaken, let clientForName {
                nameTaken = false
                renames += 1
                client.stop()
                model.state.username = DefaultName.next(after: model.state.username)
                (client, queue) = clientForName(model.state.username)
                client.start()
                return nil  // the old client posts nothing after .stopped
            }
            if let outcome = carryOut(model.update(.network(event, now: now))) { return outcome }
        }
        return nil
    }

    /// Carries out the model's commands; the session's moves keep the last position for
    /// the next login themselves (Net's ClientSession).
    private func carryOut(_ commands: [GameModel.Command]) -> Outcome? {
        for command in commands {
            switch command {
            case .quit(let failure):
                return failure.map(Outcome.failed) ?? .quit
            case .captureMouse(true):
                terminal.enableMouse()
            case .captureMouse(false):
                terminal.disableMouse()
            case .move(let move):
                queue.send(.move(x: move.x, y: move.y, left: move.leftClick, right: move.rightClick))
            case .send(let message):
                queue.send(.send(message))
            case .finished(let failure):
                if let failure { return .failed(failure) }
            case .redraw:
                break  // every turn of the loop draws what changed
            }
        }
        return nil
    }

    // MARK: Terminal

    private func relayout() {
        let size = terminal.refreshSize()
        if !model.update(.resize(Layout(columns: size.columns, rows: size.rows))).isEmpty {
            renderer?.invalidate()
        }
    }

    /// Ctrl-Z: give the terminal back, stop, and on `fg` take it again and redraw.
    private func suspend() {
        // The shell may take the terminal back before we are done with it (when it
        // started us through another process, it sees that one stop first): restoring
        // the terminal from the background must not stop us halfway with SIGTTOU.
        let previous = signal(SIGTTOU, SIG_IGN)
        terminal.suspend()
        signal(SIGTTOU, previous)
        signal(SIGTSTP, SIG_DFL)
        raise(SIGTSTP)
        // Stopped here until SIGCONT.
        SignalPipe.installHandler(for: SIGTSTP)
        terminal.resume()
        relayout()
        renderer?.invalidate()
    }
}
