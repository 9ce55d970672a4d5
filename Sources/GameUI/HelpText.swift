/// The help line at the bottom of the screen and the `?` overlay.
public enum HelpText {
    /// The bottom line: the keys (the chat line's while it is open), and how others join
    /// when there is room.
    public static func line(for state: GameState, width: Int) -> String {
        if state.chatEditor != nil {
            // Keys go to the chat line: its keys, the most needed first.
            return " Enter send  Esc cancel  Ctrl-U clear  Left Right Home End"
        }
        // The mouse's state, with the key that changes it ("m mouse on" read like a command).
        let mouse = "mouse: " + (state.mouseCaptured ? "captured" : "free") + " (m)"
        let withChat = " q quit  ? help  Enter chat  " + mouse
        let keys = withChat.count <= width ? withChat : " q quit  ? help  " + mouse
        let join = "   join: " + joinCommand(for: state)
        return keys.count + join.count <= width ? keys + join : keys
    }

    /// The lines of the `?` overlay.
    public static func overlay(for state: GameState) -> [String] {
        let suspend: [String] = switch state.helpContext {
        case .terminal: ["Ctrl-Z suspends; fg resumes."]
        case .ssh: []  // an SSH session has no job control to return to
        }
        let join: [String] = switch state.helpContext {
        case .terminal: ["Others join with:"]
        case .ssh: ["Others join over SSH with the password:"]
        }
        return [
            "Move the mouse in the play area: others",
            "see your cursor; click to show L, R held.",
            "q quit  ?/Esc close help  m mouse on/off",
            "Enter   chat: type a line, Enter sends",
            "        it, Esc cancels, Ctrl-U clears",
        ] + suspend + join + [
            joinCommand(for: state),
            "",
            "Top line: state · reason · last heard N s",
            "ago. Green: logged in. Yellow: stale (2",
            "pings missed) or reconnecting. Red:",
            "refused or server gone.",
            "retry   why the latest reconnect failed",
            "online  players in the game, you too",
            "rtt     round trip; - while not connected",
            "contact time since the server was heard",
            "pings   pings received and bounced",
        ]
    }

    /// The command that lets another person join this game from where it is drawn.
    public static func joinCommand(for state: GameState) -> String {
        switch state.helpContext {
        case .terminal: "mousy play --server \(state.serverAddress) --user NAME"
        case .ssh(let join): join
        }
    }
}
