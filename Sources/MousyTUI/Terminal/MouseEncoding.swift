/// How the terminal reports the mouse, from its terminfo `kmous`.
enum MouseEncoding: Hashable, Sendable {
    /// `kmous` is `\E[<` (xterm and its kin): SGR reports, mode 1006.
    case sgr
    /// `kmous` is `\E[M` or absent (screen, tmux-256color): the legacy X10 encoding.
    case legacy

    init(kmous: String?) {
        self = kmous == "\u{1B}[<" ? .sgr : .legacy
    }

    /// Any-motion tracking (1003) on top of what `mousemask` enabled, plus SGR (1006) when the terminal uses it.
    var enableSequence: String {
        "\u{1B}[?1000h\u{1B}[?1002h\u{1B}[?1003h" + (self == .sgr ? "\u{1B}[?1006h" : "")
    }

    /// Turns every mouse mode off, whatever was on (harmless for the ones that were not).
    static let disableSequence = "\u{1B}[?1006l\u{1B}[?1003l\u{1B}[?1002l\u{1B}[?1000l"
}
