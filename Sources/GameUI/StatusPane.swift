/// The status pane's text: connection, server, name, players, round trip, last contact,
/// ping count, and the latest pings, newest first. Pure, so it is tested without a terminal.
public enum StatusPane {
    /// The lines for a pane `height` lines tall; each fits in `width` columns.
    public static func lines(for state: GameState, now: UInt64, width: Int, height: Int) -> [StyledLine] {
        guard width > 0, height > 0 else { return [] }
        var lines: [StyledLine] = []
        let top = connectionLine(state, now: now)
        for part in wrap(top.text, to: width) {
            lines.append(StyledLine(part, top.style))
        }
        if state.connection != .loggedIn, let failure = state.lastRetryFailure {
            // Under its label, like the other fields, when it wraps.
            for (index, part) in wrap(shortReason(failure), to: max(1, width - 8)).enumerated() {
                lines.append(StyledLine((index == 0 ? "retry   " : "        ") + part, .warning))
            }
        }
        lines.append(StyledLine("server  \(state.serverAddress)"))
        if let note = state.serverNote {
            for part in wrap(note, to: width) {
                lines.append(StyledLine(part, state.serverNoteWarns ? .warning : .normal))
            }
        }
        lines.append(StyledLine("you     \(state.username)", .title))
        lines.append(StyledLine(onlineLine(state)))
        if state.objects.count > 0 { lines.append(StyledLine(objectsLine(state.objects))) }
        // While not connected the last round trip is history, not the link's: "-".
        lines.append(StyledLine("rtt     " + (state.connection == .loggedIn ? Formatting.roundTrip(state.roundTripMicros) : "-")))
        lines.append(contactLine(state, now: now))
        lines.append(StyledLine("pings   \(state.pingCount)"))
        lines.append(StyledLine("mouse   " + (state.mouseCaptured ? "captured" : "off (m to capture)"),
                                state.mouseCaptured ? .normal : .warning))
        // Only as many as the pane can show: a redraw never visits every player.
        let total = state.players.count
        if total > 0 {
            lines.append(StyledLine("players", .title))
            // As many as fit beside the ping log's head and its first rows, then "+N more".
            let room = max(0, height - lines.count - pingLogReserve)
            let shown = total <= room ? total : max(0, room - 1)
            for player in state.sortedPlayers(first: shown) {
                lines.append(playerLine(player, state: state, now: now))
            }
            if shown < total {
                lines.append(StyledLine("  +\(total - shown) more", .dim))
            }
        }
        if lines.count + 1 < height {
            lines.append(StyledLine(pingLogHeader, .title))
            for entry in state.pingLog.reversed() {
                guard lines.count < height else { break }
                lines.append(StyledLine(pingLogRow(entry), .dim))
            }
        }
        return lines.prefix(height).map { StyledLine(clip($0.text, to: width), $0.style) }
    }

    /// The lines kept for the ping log however many players are listed: its head and
    /// three rows.
    public static let pingLogReserve = 4

    /// "online  302 · 64 shown": the server's count of players, and how many of the
    /// others this screen knows of when that is fewer (a crowd's visible set);
    /// "online  unknown" from a server that never says (the original); "-" while not
    /// logged in.
    public static func onlineLine(_ state: GameState) -> String {
        guard state.connection == .loggedIn else { return "online  -" }
        let shown = state.players.count
        guard let online = state.playersOnline else {
            return "online  unknown" + (shown > 0 ? " · \(shown) shown" : "")
        }
        return "online  \(online)" + (shown < online - 1 ? " · \(shown) shown" : "")
    }

    /// "objects 12 · 20 Hz": how many objects the world holds, and the server's tick rate
    /// when it said.
    public static func objectsLine(_ objects: WorldObjects) -> String {
        "objects \(objects.count)" + (objects.ticksPerSecond > 0 ? " · \(objects.ticksPerSecond) Hz" : "")
    }

    /// The ping log's column heads, each over its column of `pingLogRow`.
    public static let pingLogHeader = "time      len  rtt"

    /// "12:00:01    9  0.41 ms": the time, the length right-aligned under "len", the
    /// round trip under "rtt"; "x5" when five pings arrived together.
    public static func pingLogRow(_ entry: PingLogEntry) -> String {
        let length = String(entry.length)
        return Formatting.clock(entry.receivedAtMicros) + "  "
            + String(repeating: " ", count: max(0, 3 - length.count)) + length + "  "
            + Formatting.roundTrip(entry.roundTripMicros)
            + (entry.count > 1 ? "  x\(entry.count)" : "")
    }

    /// "  name x,y" in world points, then the buttons held, or where off the world the
    /// player is; "  name -" for a player who has not moved yet.
    public static func playerLine(_ player: RemotePlayer, state: GameState, now: UInt64) -> StyledLine {
        var text = "  \(player.name) "
        if let point = player.point {
            text += point.description
            if player.left { text += " L" }
            if player.right { text += " R" }
            if let off = state.world.offWorld(point) { text += " \(off.mark) \(off.words)" }
        } else {
            text += "-"
        }
        let idle = player.point == nil || state.isIdle(player, now: now)
        return StyledLine(text, idle ? .idlePlayer(player.colorSlot) : .player(player.colorSlot))
    }

    /// The top line: the state, the reason, and when the server was last heard, e.g.
    /// `reconnecting in 4 s · server shutting down · last heard 12 s ago`. Green when
    /// logged in, yellow while stale or on the way back, red when refused or gone.
    public static func connectionLine(_ state: GameState, now: UInt64) -> StyledLine {
        var parts: [String] = []
        let style: TextStyle
        switch state.connection {
        case .starting:
            parts = ["starting"]
            style = .warning
        case .connecting(let attempt):
            parts = [attempt > 1 ? "connecting (attempt \(attempt))" : "connecting"]
            style = .warning
        case .loggedIn:
            parts = ["logged in"]
            if state.isStale(now: now) {
                parts.append("stale: no pings")
                style = .warning
            } else {
                style = .good
            }
        case .disconnected:
            parts = ["disconnected"]
            style = .error
        case .reconnecting(let at):
            let remaining = at > now ? (at - now + 999_999) / 1_000_000 : 0
            parts = ["reconnecting in \(remaining) s"]
            style = .warning
        case .refused(let reason):
            return StyledLine("refused · \(shortReason(reason))", .error)
        case .serverGone(let reason):
            parts = ["server gone", shortReason(state.lastDropReason ?? reason)]
            style = .error
        }
        if state.connection != .loggedIn, let reason = state.lastDropReason, !parts.contains(shortReason(reason)) {
            parts.append(shortReason(reason))
        }
        if let last = state.lastContactMicros {
            parts.append("last heard \(Formatting.seconds(now > last ? now - last : 0)) ago")
        }
        return StyledLine(parts.joined(separator: " · "), style)
    }

    /// The gist of a network sentence for the top line: what follows its last ": ",
    /// without the final full stop ("The server ended the session: server shutting
    /// down." reads "server shutting down").
    public static func shortReason(_ sentence: String) -> String {
        var text = Substring(sentence)
        if let colon = text.ranges(of: ": ").last {
            text = text[colon.upperBound...]
        }
        while text.hasSuffix(".") { text = text.dropLast() }
        return String(text)
    }

    /// "contact N s ago", marked STALE when the server has been silent too long.
    public static func contactLine(_ state: GameState, now: UInt64) -> StyledLine {
        guard let last = state.lastContactMicros else {
            return StyledLine("contact -")
        }
        let ago = now > last ? now - last : 0
        if state.isStale(now: now) {
            return StyledLine("contact \(Formatting.seconds(ago)) ago STALE", .error)
        }
        return StyledLine("contact \(Formatting.seconds(ago)) ago")
    }

    /// `text` broken at spaces into lines of at most `width` columns (a longer word is cut).
    public static func wrap(_ text: String, to width: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            if line.isEmpty {
                line = String(word)
            } else if line.count + 1 + word.count <= width {
                line += " " + word
            } else {
                lines.append(line)
                line = String(word)
            }
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }

    /// `text` cut to `width` display columns (a wide character takes two).
    public static func clip(_ text: String, to width: Int) -> String {
        DisplayWidth.prefix(text, fitting: width)
    }
}
