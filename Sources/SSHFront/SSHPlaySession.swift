import DevServer
import GameUI
import Logging
import Messages
import Net
import NIOCore
import NIOSSH
import TerminalGrid

/// One player over SSH: the `mousy play` screen for this session's pty, drawn through a
/// cell grid and a differ, and a game connection to the server in this process (through
/// its ``GameGateway``), so the player is a full one (counted, pinged, seen, subject to the
/// login rules, which count it by the SSH peer's address). The game connection is Net's
/// ``SessionDriver`` (login, refusal, pings, goodbye), as `mousy play`'s is, without
/// reconnects, and the screen takes the session's events as `mousy play`'s does.
///
/// Everything runs on the SSH connection's event loop, the game connection included:
/// sessions share the server's loops instead of a thread each. Frames are never queued:
/// while the SSH channel is backed up the screen is simply drawn later, from the newest
/// state, so memory per session stays bounded. Every write goes through the session's
/// ``SSHSessionOutput`` and its bound, mode toggles included (a toggle is drawn with the
/// next frame, the newest mode only); a client that takes no output for `stallLimit`,
/// or stays backed up past `maxPendingOutputBytes` that long, is disconnected alone.
final class SSHPlaySession: SessionSink {
    private enum Phase {
        case idle
        case connecting
        case playing
        case ended
    }

    private let channel: any Channel
    /// The SSH client's address, as the game's login throttle counts it.
    private let client: SocketAddress?
    private let settings: Settings
    private let logger: Logger
    private let depth: TerminalGrid.ColorDepth
    private var phase = Phase.idle
    private var model: GameModel
    private var view = GameScreen()
    private var differ: GridDiffer
    private let username: String
    /// The game connection (no reconnects: the SSH session ends with it); set by start().
    private var driver: SessionDriver?
    private var frameTask: Scheduled<Void>?
    private var escapeTask: Scheduled<Void>?
    private var timedTask: Scheduled<Void>?
    private let output: SSHSessionOutput
    /// Mouse capture as the player last asked for it, and as the terminal was last told.
    private var mouseWanted = true
    private var mouseShown = true
    private var dirty = false
    /// Called once when the session has ended.
    var onEnd: (() -> Void)?
    private let startedAt = NIODeadline.now()

    init(channel: any Channel, client: SocketAddress?, username: String, term: String?, noColor: Bool, columns: Int, rows: Int,
         settings: Settings, logger: Logger) {
        self.channel = channel
        self.client = client
        self.settings = settings
        self.logger = logger
        self.username = username
        output = SSHSessionOutput(channel: channel, maxPendingBytes: settings.maxPendingOutputBytes,
                                  stallLimit: settings.stallLimit, counters: settings.outputCounters)
        let depth = TerminalGrid.ColorDepth(term: term, noColor: noColor)
        self.depth = depth
        differ = GridDiffer(depth: depth)
        var state = GameState(username: username, serverAddress: settings.serverLabel)
        if let join = settings.sshJoin { state.helpContext = .ssh(join: join) }
        model = GameModel(state: state, layout: Layout(columns: columns, rows: rows), reconnects: false)
    }

    // MARK: Life

    /// Takes over the terminal and logs in to the game.
    func start() {
        guard case .idle = phase else { return }
        phase = .connecting
        output.onDrained = { [weak self] in
            guard let self, self.dirty, self.frameTask == nil else { return }
            self.render()
        }
        output.onStalled = { [weak self] in
            guard let self else { return }
            let why = self.output.isBackedUp ? "past the bound" : "and the client took none of it"
            self.logger.info("ssh: output backed up \(why); disconnecting", metadata: [
                "user": "\(self.model.state.username)", "pending_bytes": "\(self.output.pendingBytes)",
            ])
            self.end(.stalled)
        }
        output.send(TerminalModes.enter)
        let driver = SessionDriver(options: driverOptions(), eventLoop: channel.eventLoop, sink: self)
        self.driver = driver
        driver.start()  // posts .connecting, then logs in through the gateway
        render()
    }

    /// The game connection: through the gateway, in this process.
    private func driverOptions() -> SessionDriver.Options {
        let (gateway, client) = (settings.gateway, self.client)
        var quiet = logger
        quiet.logLevel = .warning  // the session's own end is logged below
        var options = SessionDriver.Options(
            rules: ClientSession.Rules(
                server: ServerAddress(host: "127.0.0.1", port: 0),  // the gateway's: never connected to
                username: username,
                password: settings.password,
                reconnect: false,
                fallbackSilence: nil  // a socket pair in this process: no silent link to notice
            ),
            connector: SessionConnector { loop, initializer in
                gateway.connect(for: client, via: "ssh", on: loop, initializer: initializer)
            },
            loginTimeout: nil,
            tap: settings.tap,
            logger: quiet
        )
        options.connectFailureSentence = { "Cannot reach the game server: \($0)." }
        return options
    }

    /// Ends the session: restores the player's terminal first, then says why (for a
    /// failure), reports the exit status and closes the channel; logs out of the game.
    func end(_ reason: SSHSessionEnd) {
        guard phase != .ended else { return }
        phase = .ended
        frameTask?.cancel()
        timedTask?.cancel()
        // The goodbye when logged in, then our side of the game connection closes.
        driver?.quit()
        if reason == .stalled || output.isBackedUp {
            // Nothing more reaches a client that does not read: drop its whole connection
            // (this session is its only one), and the output queued for it with it.
            (channel.parent ?? channel).close(promise: nil)
        } else if reason != .clientGone {
            var text = TerminalModes.leave
            switch reason {
            case .failed(let message):
                text += Self.printable(message) + "\r\n"
            case .serverShutdown:
                text += "The server is shutting down.\r\n"
            case .quit, .clientGone, .stalled:
                break
            }
            output.send(text, final: true)
            let channel = self.channel
            channel.triggerUserOutboundEvent(SSHChannelRequestEvent.ExitStatus(exitStatus: reason.exitStatus))
                .assumeIsolated()
                .whenComplete { _ in channel.close(promise: nil) }
        }
        let seconds = Double((NIODeadline.now() - startedAt).nanoseconds) / 1e9
        // The game's round trips to this session (its latest pings), for the figures.
        let trips = model.state.pingLog.compactMap(\.roundTripMicros).sorted()
        let p99 = trips.isEmpty ? "-" : Formatting.fixed(Double(trips[(trips.count * 99) / 100]) / 1000, decimals: 2)
        output.close()
        logger.info("ssh: session ended", metadata: [
            "user": "\(model.state.username)", "reason": "\(reason)", "bytes": "\(output.bytesSent)",
            "peak_pending_bytes": "\(output.peakPendingBytes)",
            "seconds": "\(Int(seconds))", "rtt_p99_ms": "\(p99)",
        ])
        onEnd?()
        onEnd = nil
    }

    // MARK: From the SSH client

    func input(_ bytes: ByteBuffer) {
        guard phase == .connecting || phase == .playing else { return }
        carryOut(model.update(.terminal(ArraySlice(bytes.readableBytesView))))
        escapeTask?.cancel()
        escapeTask = nil
        if model.hasLoneEscape {
            // An ESC alone: the Esc key (closing the help), unless the rest of a sequence follows.
            escapeTask = channel.eventLoop.assumeIsolated().scheduleTask(in: .milliseconds(Int64(PlayerInput.escapeDelayMillis))) {
                self.escapeTask = nil
                guard self.phase == .connecting || self.phase == .playing else { return }
                self.carryOut(self.model.update(.escapeTimedOut))
            }
        }
    }

    func resize(columns: Int, rows: Int) {
        carryOut(model.update(.resize(Layout(columns: columns, rows: rows))))
    }

    /// Carries out the model's commands: the game connection's, the terminal's and the end.
    private func carryOut(_ commands: [GameModel.Command]) {
        for command in commands {
            switch command {
            case .quit:
                end(.quit)
                return
            case .captureMouse(let on):
                mouseWanted = on  // told with the next frame: a toggle per key would queue without bound
            case .move(let move):
                driver?.move(move)  // kept for the login while connecting
            case .send(let message):
                driver?.send(message)
            case .finished(let failure):
                end(failure.map(SSHSessionEnd.failed) ?? .quit)
                return
            case .redraw:
                needsFrame()
            }
        }
    }

    // MARK: From the game server

    /// What the game connection tells the UI, through the same update as `mousy play`'s.
    func driver(_ driver: SessionDriver, posted event: ClientEvent) {
        guard phase == .connecting || phase == .playing else { return }
        if case .loggedIn = event { phase = .playing }
        carryOut(model.update(.network(event, now: Epoch.nowMicros())))
    }

    // MARK: Drawing

    /// Draws soon, once for everything that changes until then.
    private func needsFrame() {
        dirty = true
        guard frameTask == nil, phase != .ended else { return }
        frameTask = channel.eventLoop.assumeIsolated().scheduleTask(in: settings.frameInterval) {
            self.frameTask = nil
            self.render()
        }
    }

    private func render() {
        guard phase != .ended else { return }
        guard !output.isBackedUp else {
            // Backed up: the newest state is drawn once the client reads (onDrained).
            dirty = true
            return
        }
        dirty = false
        let now = Epoch.nowMicros()
        model.state.advance(to: now)
        let grid = view.screen(for: model.state, layout: model.layout, now: now, depth: depth)
        var text = differ.render(grid)
        if mouseWanted != mouseShown {
            mouseShown = mouseWanted
            text = (mouseWanted ? TerminalModes.mouseOn : TerminalModes.mouseOff) + text
        }
        output.send(text)
        timedTask?.cancel()
        timedTask = nil
        if let next = model.state.nextTimedChange(now: now) {
            let delay = TimeAmount.microseconds(Int64(next > now ? next - now : 0)) + settings.clockSlack
            timedTask = channel.eventLoop.assumeIsolated().scheduleTask(in: delay) {
                self.timedTask = nil
                self.render()
            }
        }
    }

    /// A message for the player's terminal, control characters removed.
    static func printable(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.filter { $0.value >= 0x20 && !(0x7F..<0xA0).contains($0.value) }))
    }
}
