/// The update for a player's keys and mouse, whichever terminal they come from (the
/// local one under curses, or an SSH session's pty): decodes the input bytes, changes the
/// model, and says what the session must do in turn. Pure, so every key is tested
/// without a terminal.
///
/// Keys: `q` (or Ctrl-C, which arrives as a byte over SSH) quits, `?` toggles the help
/// and Esc closes it, `m` toggles mouse capture; mouse reports in the play area move
/// this player's pointer.
public struct PlayerInput: Sendable {
    /// What the session does after an input.
    public enum Command: Hashable, Sendable {
        /// End the session.
        case quit
        /// Turn the terminal's mouse reporting on or off.
        case captureMouse(Bool)
        /// Tell the server where the pointer is and which buttons are held, as a point
        /// of the world (PROTOCOL.md, "World coordinates").
        case move(WorldPoint, left: Bool, right: Bool)
    }

    /// How long a lone ESC waits for the rest of an escape sequence before it counts as
    /// the Esc key (curses' ESCDELAY is 1000 ms; terminals send a sequence's bytes together).
    public static let escapeDelayMillis = 100

    private var decoder = InputDecoder()
    private var tracker = MouseTracker()

    /// Input with nothing pending and no pointer sent yet.
    public init() {}

    /// True while a lone ESC waits: the Esc key, unless the rest of a sequence follows
    /// at once (see ``escapeTimedOut(state:)``).
    public var hasLoneEscape: Bool { decoder.hasLoneEscape }

    /// Nothing followed a lone ESC in time: it was the Esc key, which closes the help.
    /// Returns true when it was.
    public mutating func escapeTimedOut(state: inout GameState) -> Bool {
        guard decoder.takeLoneEscape() else { return false }
        state.showHelp = false
        return true
    }

    /// The commands for `bytes` typed or reported by the terminal, with `state` updated;
    /// stops at `quit`.
    public mutating func handle<Bytes: Sequence>(_ bytes: Bytes, state: inout GameState, layout: Layout) -> [Command]
    where Bytes.Element == UInt8 {
        var commands: [Command] = []
        for event in decoder.decode(bytes) {
            switch event {
            case .key(UInt8(ascii: "q")), .key(UInt8(ascii: "Q")), .key(0x03):
                commands.append(.quit)
                return commands
            case .key(UInt8(ascii: "?")):
                state.showHelp.toggle()
            case .key(UInt8(ascii: "m")), .key(UInt8(ascii: "M")):
                state.mouseCaptured.toggle()
                commands.append(.captureMouse(state.mouseCaptured))
                if !state.mouseCaptured {
                    // Let go of any button the others see held.
                    if let last = tracker.lastSent, last.left || last.right {
                        commands.append(move(PointerUpdate(cell: last.cell, left: false, right: false), state: state, layout: layout))
                    }
                    tracker = MouseTracker()
                }
            case .key:
                break
            case .mouse(let report):
                guard state.mouseCaptured, let update = tracker.handle(report, layout: layout) else { continue }
                state.ownPointer = update
                commands.append(move(update, state: state, layout: layout))
            }
        }
        return commands
    }

    /// The last pointer position sent, again (after a new login), or nil when none was.
    public func lastMove(state: GameState, layout: Layout) -> Command? {
        tracker.lastSent.map { move($0, state: state, layout: layout) }
    }

    /// `update` as a point of the world, mapped from the play area as it is now.
    private func move(_ update: PointerUpdate, state: GameState, layout: Layout) -> Command {
        let point = WorldMapping(layout: layout, world: state.world).point(of: update.cell)
        return .move(point, left: update.left, right: update.right)
    }
}
