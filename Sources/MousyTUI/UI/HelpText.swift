/// The help line at the bottom of the screen and the `?` overlay.
enum HelpText {
    static func line(for state: GameState, width: Int) -> String {
        // Each key with what pressing it does now (the pane shows the mouse's state).
        let keys = " q quit  ? help  m " + (state.mouseCaptured ? "free the mouse" : "capture the mouse")
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
