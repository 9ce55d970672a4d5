/// The help line at the bottom of the screen and the `?` overlay.
enum HelpText {
    static func line(for state: GameState, width: Int) -> String {
        // The mouse's state, with the key that changes it ("m mouse on" read like a command).
        let keys = " q quit  ? help  mouse: " + (state.mouseCaptured ? "captured" : "free") + " (m)"
        let join = "   join: mousy play --server \(state.serverAddress) --user NAME"
        return keys.count + join.count <= width ? keys + join : keys
    }

    static func overlay(for state: GameState) -> [String] {
        [
            "Move the mouse in the play area: every",
            "other player sees your cursor; click",
            "to show a button held (L, R).",
            "",
            "q  quit          ?  close this help",
            "m  mouse capture on/off (off: select text)",
            "Ctrl-Z suspends; fg resumes.",
            "",
            "Others join with:",
            "mousy play --server \(state.serverAddress) --user NAME",
        ]
    }
}
