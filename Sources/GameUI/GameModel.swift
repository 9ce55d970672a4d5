import Messages
import Net

/// A player's screen, for `mousy play` and SSH players alike: one model, and one update
/// over every kind of input (keys and mouse reports, the network's events, the Esc
/// timer, a resize) that returns what the driver must do. Drivers read their input, hand
/// it here, carry out the commands and draw ``state``; no driver switches over keys or
/// client events itself. (Bubble Tea's shape: `Update(msg) (Model, Cmd)`.) Pure: no
/// terminal, socket or clock, so every rule is tested as a value.
public struct GameModel {
    /// Every kind of input a player's screen takes.
    public enum Input {
        /// Bytes from the player's terminal: keys and mouse reports.
        case terminal(ArraySlice<UInt8>)
        /// The lone ESC seen last had nothing after it in time: the Esc key.
        case escapeTimedOut
        /// What the network said, at `now` (epoch microseconds).
        case network(ClientEvent, now: UInt64)
        /// The terminal has a new size.
        case resize(Layout)
    }

    /// What the driver does after an update.
    public enum Command: Equatable {
        /// The player quit; `failure` is the refusal on screen, to report (`q` on a red
        /// "refused" line fails, with the reason).
        case quit(failure: String?)
        /// Turn the terminal's mouse reporting on or off.
        case captureMouse(Bool)
        /// Tell the session where the pointer is (it keeps the last one for the next login).
        case move(MouseMove)
        /// Send this message to the server (a chat line).
        case send(WireMessage)
        /// The session is over; `failure`, when set, is what to report.
        case finished(failure: String?)
        /// The screen changed beyond what time alone changes: draw it.
        case redraw
    }

    /// What the screen shows. Drivers advance its clock (``GameState/advance(to:)``) and draw it.
    public var state: GameState
    public private(set) var layout: Layout
    private var input = PlayerInput()
    /// False where one connection is the whole session (SSH): its end ends the screen.
    public let reconnects: Bool

    public init(state: GameState, layout: Layout, reconnects: Bool) {
        self.state = state
        self.layout = layout
        self.reconnects = reconnects
    }

    /// True while a lone ESC waits for the rest of a sequence: the driver sends
    /// ``Input/escapeTimedOut`` after ``PlayerInput/escapeDelayMillis`` unless more arrives.
    public var hasLoneEscape: Bool { input.hasLoneEscape }

    /// The one update.
    public mutating func update(_ event: Input) -> [Command] {
        switch event {
        case .terminal(let bytes):
            return typed(bytes)
        case .escapeTimedOut:
            return input.escapeTimedOut(state: &state) ? [.redraw] : []
        case .network(let event, let now):
            return heard(event, now: now) + [.redraw]
        case .resize(let next):
            guard next != layout else { return [] }
            layout = next
            return [.redraw]
        }
    }

    private mutating func typed(_ bytes: ArraySlice<UInt8>) -> [Command] {
        let shown = (state.showHelp, state.chatEditor, state.chatLog)  // what keys change besides commands
        var commands: [Command] = []
        for command in input.handle(bytes, state: &state, layout: layout) {
            switch command {
            case .quit:
                return [.quit(failure: state.quitFailure)]
            case .captureMouse(let on):
                commands.append(.captureMouse(on))
            case .move(let point, let left, let right):
                commands.append(.move(.with {
                    $0.x = point.x
                    $0.y = point.y
                    $0.leftClick = left
                    $0.rightClick = right
                }))
            case .chat(let text):
                commands.append(.send(.chat(.with { $0.text = text })))
            }
        }
        if !commands.isEmpty || shown != (state.showHelp, state.chatEditor, state.chatLog) { commands.append(.redraw) }
        return commands
    }

    private mutating func heard(_ event: ClientEvent, now: UInt64) -> [Command] {
        switch event {
        case .connecting(_, let attempt):
            state.connecting(attempt: attempt)
        case .loggedIn(let welcome):
            state.loggedIn(welcome: welcome, now: now)
        case .refused(let reason):
            state.refused(reason: reason)
            if !reconnects { return [.finished(failure: reason)] }
        case .ping(let report):
            state.ping(length: report.length, roundTripMicros: report.roundTripMicros,
                       fromServer: report.roundTripFromServer, receivedAtMicros: report.receivedAtMicros,
                       playersOnline: report.playersOnline)
        case .cursor(let cursor):
            state.cursor(cursor, now: now)
        case .playerLeft(let username, _):
            state.playerLeft(username: username, now: now)
        case .message(let message):
            state.received(message, now: now)
        case .disconnected(let reason):
            state.disconnected(reason: reason)
            if !reconnects { return [.finished(failure: reason)] }
        case .reconnecting(let delay):
            state.reconnecting(inMicros: UInt64(max(0, delay.nanoseconds / 1000)), now: now)
        case .stopped:
            // Never got to play: report why. Else the screen stays, saying the server is gone.
            if let failure = state.stopped() { return [.finished(failure: failure)] }
        }
        return []
    }
}
