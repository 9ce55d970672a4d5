/// The update for a player's keys and mouse, whichever terminal they come from (the
/// local one under curses, or an SSH session's pty): decodes the input bytes, changes the
/// model, and says what the session must do in turn. Pure, so every key is tested
/// without a terminal.
///
/// Keys: `q` (or Ctrl-C, which arrives as a byte over SSH) quits, `?` toggles the help
/// and Esc closes it, `m` toggles mouse capture, Enter opens the chat line; mouse reports
/// in the play area move this player's pointer.
///
/// While the chat line is open every key goes to it (`q` types a q): Left, Right, Home
/// (or Ctrl-A), End (or Ctrl-E), Backspace, Delete, Ctrl-U (delete to the start), Enter
/// sends and closes it, Esc closes it unsent. Ctrl-C still quits; the mouse still moves
/// the pointer.
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
        /// Send this chat line (CHAT).
        case chat(String)
    }

    /// How long a lone ESC waits for the rest of an escape sequence before it counts as
    /// the Esc key (curses' ESCDELAY is 1000 ms; terminals send a sequence's bytes together).
    public static let escapeDelayMillis = 100

    private var decoder = InputDecoder()
    private var tracker = MouseTracker()
    /// The bytes of a UTF-8 character typed into the chat line, until it is whole.
    private var typed: [UInt8] = []

    /// Input with nothing pending and no pointer sent yet.
    public init() {}

    /// True while a lone ESC waits: the Esc key, unless the rest of a sequence follows
    /// at once (see ``escapeTimedOut(state:)``).
    public var hasLoneEscape: Bool { decoder.hasLoneEscape }

    /// Nothing followed a lone ESC in time: it was the Esc key, which closes the chat
    /// line unsent, or else the help. Returns true when it was.
    public mutating func escapeTimedOut(state: inout GameState) -> Bool {
        guard decoder.takeLoneEscape() else { return false }
        if state.chatEditor != nil {
            state.chatEditor = nil
            typed.removeAll()
        } else {
            state.showHelp = false
        }
        return true
    }

    /// The commands for `bytes` typed or reported by the terminal, with `state` updated;
    /// stops at `quit`.
    public mutating func handle<Bytes: Sequence>(_ bytes: Bytes, state: inout GameState, layout: Layout) -> [Command]
    where Bytes.Element == UInt8 {
        var commands: [Command] = []
        for event in decoder.decode(bytes) {
            if state.chatEditor != nil {
                guard let command = chat(event, state: &state, layout: layout) else { continue }
                commands.append(command)
                if command == .quit { return commands }
                continue
            }
            switch event {
            case .key(0x0D), .key(0x0A):
                state.openChat()
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
            case .key, .special:
                break
            case .mouse(let report):
                if let command = mouse(report, state: &state, layout: layout) { commands.append(command) }
            }
        }
        return commands
    }

    /// A mouse report: the pointer's move, if it moved (and the mouse is captured).
    private mutating func mouse(_ report: MouseReport, state: inout GameState, layout: Layout) -> Command? {
        guard state.mouseCaptured, let update = tracker.handle(report, layout: layout) else { return nil }
        state.ownPointer = update
        return move(update, state: state, layout: layout)
    }

    /// A key for the open chat line: an edit, or the line to send, or quit (Ctrl-C).
    private mutating func chat(_ event: InputEvent, state: inout GameState, layout: Layout) -> Command? {
        if case .mouse(let report) = event { return mouse(report, state: &state, layout: layout) }
        guard var editor = state.chatEditor else { return nil }
        defer {
            if state.chatEditor != nil {
                editor.scrollToCursor(width: ChatPane.fieldWidth(layout: layout))
                state.chatEditor = editor
            }
        }
        guard case .key(let byte) = event else {
            typed.removeAll()
            switch event {
            case .special(.left): editor.moveLeft()
            case .special(.right): editor.moveRight()
            case .special(.home): editor.moveHome()
            case .special(.end): editor.moveEnd()
            case .special(.delete): editor.deleteForward()
            case .key, .mouse: break
            }
            return nil
        }
        if byte >= 0x20, byte != 0x7F {
            type(byte, into: &editor)
            return nil
        }
        typed.removeAll()
        switch byte {
        case 0x03:
            return .quit
        case 0x0D, 0x0A:
            state.chatEditor = nil
            let line = String(editor.text.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
            guard !line.isEmpty else { return nil }
            guard state.connection == .loggedIn else {
                state.chatNotice("not connected: line not sent")
                return nil
            }
            return .chat(line)
        case 0x7F, 0x08: editor.deleteBackward()
        case 0x15: editor.deleteToStart()
        case 0x01: editor.moveHome()
        case 0x05: editor.moveEnd()
        default: break  // other controls type nothing
        }
        return nil
    }

    /// One byte of typed UTF-8: a character goes in once its bytes are whole; a byte
    /// that cannot be part of one is dropped.
    private mutating func type(_ byte: UInt8, into editor: inout ChatEditor) {
        if byte < 0x80 {
            typed.removeAll()
            editor.insert(String(UnicodeScalar(byte)))
            return
        }
        if byte >= 0xC0 { typed.removeAll() }  // a lead byte starts a new character
        typed.append(byte)
        let lead = typed[0]
        let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 0
        guard length > 0 else {
            typed.removeAll()  // a continuation byte without a lead
            return
        }
        guard typed.count == length else { return }
        if let character = String(validating: typed, as: UTF8.self) {
            editor.insert(character)
        }
        typed.removeAll()
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
