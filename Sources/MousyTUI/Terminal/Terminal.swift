import CNcurses
import TerminalGrid
#if canImport(Glibc)
import Glibc
#endif

/// The curses session on the controlling terminal: starts it (alternate screen, no echo,
/// no cursor, mouse capture) and restores the terminal exactly once, whichever way the
/// program ends. Only the UI thread uses it.
final class Terminal {
    private var screen: OpaquePointer?
    private(set) var isActive = false
    private(set) var isMouseEnabled = false
    private(set) var mouseEncoding: MouseEncoding = .legacy
    private(set) var colorDepth = ColorDepth.none
    /// The colour pairs made for `colorDepth`.
    private(set) var palette = CursesPalette()
    var hasColors: Bool { colorDepth != .none }

    init() {}

    deinit {
        stop()
    }

    /// Refuses, as tmux does, a terminal that cannot position the cursor (TERM=dumb):
    /// the game cannot be drawn there.
    static func checkCapabilities() throws {
        guard mousy_term_can_address() == 0 else { return }  // unknown types: start() says so
        let term = getenv("TERM").map { String(cString: $0) } ?? "(unset)"
        throw TerminalError("The terminal type \"\(term)\" cannot move the cursor, which mousy play needs; run it in a full terminal (e.g. TERM=xterm-256color).")
    }

    /// Enters curses mode on stdin/stdout. Throws when they are not a terminal or the
    /// terminal type is unknown (the terminal is left untouched then).
    func start() throws {
        guard !isActive else { return }
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            throw TerminalError("mousy play needs a terminal: stdin and stdout must be a TTY.")
        }
        setlocale(LC_ALL, "")
        Self.preferUTF8()
        // newterm (unlike initscr) returns nil instead of exiting on an unknown TERM.
        guard let screen = mousy_newterm_stdio() else {
            let term = getenv("TERM").map { String(cString: $0) } ?? "(unset)"
            throw TerminalError("Cannot use the terminal type \"\(term)\"; set TERM (e.g. xterm-256color).")
        }
        self.screen = screen
        isActive = true
        cbreak()                  // keys at once, but Ctrl-C and Ctrl-Z still raise signals
        noecho()
        nonl()
        intrflush(mousy_stdscr(), false)
        keypad(mousy_stdscr(), false)  // escape sequences are decoded by InputDecoder
        _ = curs_set(0)
        let noColor = getenv("NO_COLOR").map { String(cString: $0) }
        if has_colors(), noColor?.isEmpty ?? true {
            start_color()
            use_default_colors()
        }
        colorDepth = ColorDepth.choose(
            noColor: noColor, hasColors: has_colors(), colors: Int(mousy_colors()),
            pairs: Int(mousy_color_pairs()), pairsNeeded: CursesPalette.pairsNeeded)
        palette = colorDepth == .none ? CursesPalette() : CursesPalette(depth: colorDepth)
        mouseEncoding = MouseEncoding(kmous: mousy_tigetstr("kmous").map { String(cString: $0) })
        enableMouse()
    }

    /// With no locale configured at all ("C" or "POSIX"), takes C.UTF-8 for characters:
    /// names and marks are UTF-8 on the wire and on every terminal today, and curses
    /// must count a wide character as two columns. A locale the user chose is kept.
    private static func preferUTF8() {
        guard let current = setlocale(LC_CTYPE, nil).map({ String(cString: $0) }),
              current == "C" || current == "POSIX" else { return }
        if setlocale(LC_CTYPE, "C.UTF-8") == nil {
            _ = setlocale(LC_CTYPE, "en_US.UTF-8")
        }
    }

    /// Turns mouse capture on: `mousemask` first (ncurses enables 1000, and 1006 where it
    /// knows the terminal uses it), then any-motion tracking and SGR ourselves.
    func enableMouse() {
        guard isActive, !isMouseEnabled else { return }
        var old: mmask_t = 0
        _ = mousemask(mousy_all_mouse_events() | mousy_report_mouse_position(), &old)
        _ = mouseinterval(0)
        refresh()
        writeToTerminal(mouseEncoding.enableSequence)
        isMouseEnabled = true
    }

    /// Turns mouse capture off, so the terminal's own selection works again.
    func disableMouse() {
        guard isActive, isMouseEnabled else { return }
        writeToTerminal(MouseEncoding.disableSequence)
        var old: mmask_t = 0
        _ = mousemask(0, &old)
        refresh()
        isMouseEnabled = false
    }

    /// Leaves curses mode for a while (Ctrl-Z): mouse modes off, alternate screen left.
    func suspend() {
        guard isActive else { return }
        let mouseWasOn = isMouseEnabled
        disableMouse()
        resumeMouse = mouseWasOn
        _ = curs_set(1)
        endwin()
    }

    private var resumeMouse = false

    /// Back from `suspend()`: curses mode and mouse capture as they were; the caller redraws.
    func resume() {
        guard isActive else { return }
        refresh()
        _ = curs_set(0)
        if resumeMouse { enableMouse() }
        clearok(mousy_stdscr(), true)
    }

    /// Restores the terminal: mouse modes off, cursor and echo back, alternate screen left.
    /// Idempotent; safe on every exit path.
    func stop() {
        guard isActive else { return }
        disableMouse()
        // Belt and braces: whatever state the modes are in, switch them off.
        writeToTerminal(MouseEncoding.disableSequence)
        if mousy_tigetstr("rmcup") == nil {
            // No alternate screen to leave (TERM=linux, vt100): wipe the last frame.
            _ = clear()
            _ = refresh()
        }
        _ = curs_set(1)
        echo()
        nocbreak()
        endwin()
        if let screen { delscreen(screen) }
        screen = nil
        isActive = false
    }

    /// The terminal's size now, from the kernel; tells curses about it when it changed.
    func refreshSize() -> (columns: Int, rows: Int) {
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0, size.ws_row > 0 {
            let rows = Int32(size.ws_row)
            let columns = Int32(size.ws_col)
            if isActive, is_term_resized(rows, columns) {
                resizeterm(rows, columns)
            }
            return (Int(columns), Int(rows))
        }
        return (Int(mousy_cols()), Int(mousy_lines()))
    }

    /// Writes straight to the terminal, after whatever curses has buffered.
    private func writeToTerminal(_ text: String) {
        mousy_fflush_stdout()
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { write(STDOUT_FILENO, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                return
            }
            offset += written
        }
        bytes.removeAll()
    }
}
