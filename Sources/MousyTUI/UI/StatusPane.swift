/// The status pane's text: connection, server, name, players, round trip, last contact,
/// ping count, and the latest pings, newest first. Pure, so it is tested without a terminal.
enum StatusPane {
    /// The lines for a pane `height` lines tall; each fits in `width` columns.
    static func lines(for state: GameState, now: UInt64, width: Int, height: Int) -> [StyledLine] {
        guard width > 0, height > 0 else { return [] }
        var lines: [StyledLine] = []
        lines.append(connectionLine(state, now: now))
        lines.append(StyledLine("server  \(state.serverAddress)"))
        if let note = state.serverNote {
            for part in wrap(note, to: width) {
                lines.append(StyledLine(part, state.serverNoteWarns ? .warning : .normal))
            }
        }
        lines.append(StyledLine("you     \(state.username)", .title))
        lines.append(StyledLine("online  " + (state.playersOnline.map { "\($0)" } ?? "-")))
        lines.append(StyledLine("rtt     " + Formatting.roundTrip(state.roundTripMicros)))
        lines.append(contactLine(state, now: now))
        lines.append(StyledLine("pings   \(state.pingCount)"))
        lines.append(StyledLine("mouse   " + (state.mouseCaptured ? "captured" : "off (m to capture)"),
                                state.mouseCaptured ? .normal : .warning))
        let players = state.sortedPlayers
        if !players.isEmpty {
            lines.append(StyledLine("players", .title))
            for player in players {
                var text = "  \(player.name) \(player.cell)"
                if player.left { text += " L" }
                if player.right { text += " R" }
                lines.append(StyledLine(text, .player(PlayerColors.slot(for: player.name))))
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

    /// The ping log's column heads, each over its column of `pingLogRow`.
    static let pingLogHeader = "time      len  rtt"

    /// "12:00:01    9  0.41 ms": the time, the length right-aligned under "len", the
    /// round trip under "rtt"; "x5" when five pings arrived together.
    static func pingLogRow(_ entry: PingLogEntry) -> String {
        let length = String(entry.length)
        return Formatting.clock(entry.receivedAtMicros) + "  "
            + String(repeating: " ", count: max(0, 3 - length.count)) + length + "  "
            + Formatting.roundTrip(entry.roundTripMicros)
            + (entry.count > 1 ? "  x\(entry.count)" : "")
    }

    static func connectionLine(_ state: GameState, now: UInt64) -> StyledLine {
        switch state.connection {
        case .starting:
            return StyledLine("starting", .warning)
        case .connecting(let attempt):
            return StyledLine(attempt > 1 ? "connecting (attempt \(attempt))" : "connecting", .warning)
        case .loggedIn:
            return StyledLine("logged in", .good)
        case .disconnected(let reason):
            return StyledLine("disconnected: \(reason)", .error)
        case .reconnecting(let at):
            let remaining = at > now ? (at - now + 999_999) / 1_000_000 : 0
            return StyledLine("reconnecting in \(remaining) s", .warning)
        case .refused(let reason):
            return StyledLine("refused: \(reason)", .error)
        case .serverGone(let reason):
            return StyledLine("server gone: \(reason)", .error)
        }
    }

    static func contactLine(_ state: GameState, now: UInt64) -> StyledLine {
        guard state.connection == .loggedIn, let last = state.lastContactMicros else {
            return StyledLine("contact -")
        }
        let ago = now > last ? now - last : 0
        if state.isStale(now: now) {
            return StyledLine("contact \(Formatting.seconds(ago)) ago STALE", .error)
        }
        return StyledLine("contact \(Formatting.seconds(ago)) ago")
    }

    /// `text` broken at spaces into lines of at most `width` columns (a longer word is cut).
    static func wrap(_ text: String, to width: Int) -> [String] {
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

    /// `text` cut to `width` columns (characters; the pane's text is ASCII apart from names).
    static func clip(_ text: String, to width: Int) -> String {
        text.count <= width ? text : String(text.prefix(max(0, width)))
    }
}
