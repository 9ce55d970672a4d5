/// The escape sequences that take a terminal into the full-screen game mode and back.
public enum TerminalModes {
    /// Alternate screen, cursor hidden, mouse: clicks, drags and any motion (1000, 1002,
    /// 1003), reported in the SGR encoding (1006).
    public static let enter = "\u{1B}[?1049h\u{1B}[?25l\u{1B}[?1000h\u{1B}[?1002h\u{1B}[?1003h\u{1B}[?1006h"

    /// Mouse capture on, as in ``enter``.
    public static let mouseOn = "\u{1B}[?1000h\u{1B}[?1002h\u{1B}[?1003h\u{1B}[?1006h"

    /// Every mouse mode off, so the terminal's own selection works.
    public static let mouseOff = "\u{1B}[?1006l\u{1B}[?1003l\u{1B}[?1002l\u{1B}[?1000l"

    /// Back to how the terminal was: default style, mouse modes off, cursor shown,
    /// alternate screen left.
    public static let leave = "\u{1B}[0m" + mouseOff + "\u{1B}[?25h\u{1B}[?1049l"
}
