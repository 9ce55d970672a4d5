import Messages

/// Everything the screen shows, as plain values: the renderer draws it, the network
/// events and the mouse change it. Time is passed in (epoch microseconds) so that it is
/// tested without clocks.
public struct GameState: Sendable {
    /// How many pings the log keeps.
    public static let pingLogCapacity = 200
    /// Missed pings after which the last contact is shown as stale (as mosh does): one
    /// fewer than the client's silence limit (Net's ClientSession gives the link up at
    /// three), so the warning shows before the drop instead of with it.
    public static let stalePings: UInt64 = 2
    /// The cap on a name as shown (sanitised: escapes may lengthen a hostile one).
    public static let nameBytesShown = 2 * PlayerName.maximumBytes
    /// A cursor unchanged for this long is drawn dimmed (as tldraw and Liveblocks do).
    public static let idleMicros: UInt64 = 3_000_000

    /// This player's name, as sent at login.
    public var username: String
    /// The server's address as shown, e.g. "127.0.0.1:7777".
    public var serverAddress: String
    /// A remark on the address, e.g. "hosting on 7777" or "joined the game on 7777".
    public var serverNote: String?
    /// True when the note reports a problem (shown as a warning).
    public var serverNoteWarns = false
    /// Whether the mouse is captured (the `m` key toggles it).
    public var mouseCaptured = true
    /// Whether the help overlay is shown (the `?` key toggles it).
    public var showHelp = false
    /// This player's pointer in the play area, as last sent.
    public var ownPointer: PointerUpdate?

    /// Where the session is: the state the status pane's top line shows.
    public private(set) var connection: ConnectionStatus = .starting
    /// Why the session was lost (or, before any login, why the first attempt failed;
    /// sanitised), shown beside the state until the next login: failed retries do not
    /// replace it, so "server shutting down" stays while the retries are refused.
    public private(set) var lastDropReason: String?
    /// Why the latest retry failed (sanitised), e.g. "connection refused" while the server
    /// restarts; shown under the top line until the next login.
    public private(set) var lastRetryFailure: String?
    /// True once a session has been established (a final failure after that is "server gone").
    public private(set) var everLoggedIn = false
    /// The other players by name as sent: at most 4,096, the least recently seen
    /// forgotten first (a server may send any number of names), kept in natural order.
    public private(set) var players = PlayerRoster(areInIncreasingOrder: NaturalOrder.areInIncreasingOrder)
    /// The shared world's objects, as the server sent them (GAME_OBJECT).
    public internal(set) var objects = WorldObjects()
    /// When the drawn cursors turn idle, kept as they change.
    private(set) var dimming = DimmingSchedule(idleMicros: GameState.idleMicros)
    /// The world's size, as the server announced it (800 x 600 unless it said otherwise).
    public private(set) var world = WorldSize.original
    /// The server's count of players at login (nil from an original server), kept up
    /// to date with arrivals and departures until its pings say the count.
    public private(set) var playersOnlineAtLogin: Int?
    /// The server's count of players in its latest ping (nil: it never said, as the
    /// original server never does).
    public private(set) var announcedPlayersOnline: Int?
    /// The latest round trip reported, when known.
    public private(set) var roundTripMicros: UInt64?
    /// When the server was last heard from (epoch microseconds).
    public internal(set) var lastContactMicros: UInt64?
    /// The server's ping interval, as announced at login (1 s when not).
    public private(set) var pingIntervalMicros: UInt64 = 1_000_000
    /// Pings received and bounced.
    public private(set) var pingCount = 0
    /// True when the server answered the login with LOGIN_RESULT: it reports round trips
    /// in its pings, so the kernel's estimate (on a ping that carries none) is not shown.
    public private(set) var serverReportsRoundTrip = false
    /// The latest pings, oldest first.
    public private(set) var pingLog: [PingLogEntry] = []
    /// The chat line being typed, while the editor is open (keys go to it).
    public var chatEditor: ChatEditor?
    /// The latest chat lines and notices, oldest first (see `GameState+Chat`).
    public internal(set) var chatLog: [ChatLine] = []

    /// Where the game is drawn: what the help says works and how others join.
    public var helpContext = HelpContext.terminal

    public init(username: String, serverAddress: String, serverNote: String? = nil) {
        self.username = username
        self.serverAddress = serverAddress
        self.serverNote = serverNote
    }

    /// The other players, sorted by name naturally ("load2" before "load10"); kept in
    /// order as they come: no sorting here.
    public var sortedPlayers: [RemotePlayer] {
        players.inOrder
    }

    /// The first `limit` other players by name: what a list of `limit` lines shows,
    /// without visiting the rest.
    public func sortedPlayers(first limit: Int) -> [RemotePlayer] {
        players.inOrder(first: limit)
    }

    /// Whether `player`'s cursor has not changed for `idleMicros`.
    public func isIdle(_ player: RemotePlayer, now: UInt64) -> Bool {
        now >= player.changedAtMicros && now - player.changedAtMicros >= Self.idleMicros
    }

    /// Players online as the server counts them: the count in its latest ping, else its
    /// count at login adjusted by the arrivals and departures seen since; nil while not
    /// logged in, and on a server that never says (the original): unknown, not a guess.
    public var playersOnline: Int? {
        guard connection == .loggedIn else { return nil }
        if let announcedPlayersOnline { return announcedPlayersOnline }
        guard let playersOnlineAtLogin else { return nil }
        return max(playersOnlineAtLogin, players.count + 1)
    }

    /// True when logged in and nothing has come from the server for `stalePings` ping intervals.
    public func isStale(now: UInt64) -> Bool {
        guard connection == .loggedIn, let last = lastContactMicros else { return false }
        return now > last && now - last > Self.stalePings * pingIntervalMicros
    }

    /// When a time shown in the status pane (seconds since last contact, the reconnect
    /// countdown) next changes, or nil when none is shown.
    public func nextTimedChange(now: UInt64) -> UInt64? {
        switch (nextStatusChange(now: now), nextDimming(now: now)) {
        case let (a?, b?): return min(a, b)
        case let (a, b): return a ?? b
        }
    }

    /// When the next drawn cursor turns idle (and is dimmed), or nil when none will.
    /// Visits no other player: see `DimmingSchedule`.
    public func nextDimming(now: UInt64) -> UInt64? {
        dimming.next(after: now, players: players)
    }

    /// Time passes (call it before each frame): the dimming times already past are
    /// forgotten, so that finding the next one stays cheap.
    public mutating func advance(to now: UInt64) {
        dimming.advance(to: now, players: players)
    }

    private func nextStatusChange(now: UInt64) -> UInt64? {
        switch connection {
        case .loggedIn, .connecting, .disconnected:
            return nextContactChange(now: now)
        case .reconnecting(let at):
            guard at > now else { return nextContactChange(now: now) }
            let remaining = at - now
            // The shown countdown rounds up; it changes when `remaining` crosses a whole second.
            let fraction = remaining % 1_000_000
            let countdown = now + (fraction == 0 ? 1_000_000 : fraction)
            return min(countdown, nextContactChange(now: now) ?? countdown)
        case .starting, .refused, .serverGone:
            return nil
        }
    }

    /// When "last heard N s ago" next changes.
    private func nextContactChange(now: UInt64) -> UInt64? {
        guard let last = lastContactMicros, now >= last else { return nil }
        return last + ((now - last) / 1_000_000 + 1) * 1_000_000
    }

    // MARK: Network events

    private mutating func forgetPlayers() {
        players.removeAll()
        dimming.removeAll()
        objects.removeAll()
    }

    /// A connection attempt started (the first is 1).
    public mutating func connecting(attempt: Int) {
        connection = .connecting(attempt: attempt)
        forgetPlayers()
    }

    /// Logged in; `welcome` is the server's LOGIN_RESULT (nil from an original server,
    /// whose first ping says so).
    public mutating func loggedIn(welcome: LoginResult?, now: UInt64) {
        connection = .loggedIn
        lastDropReason = nil
        lastRetryFailure = nil
        everLoggedIn = true
        forgetPlayers()
        announcedPlayersOnline = nil
        lastContactMicros = now
        serverReportsRoundTrip = welcome != nil
        world = welcome.map { WorldSize(announcedWidth: $0.worldWidth, announcedHeight: $0.worldHeight) } ?? .original
        objects.ticksPerSecond = Int(welcome?.tickHz ?? 0)
        if let welcome {
            playersOnlineAtLogin = welcome.playersOnline > 0 ? Int(welcome.playersOnline) : nil
            if welcome.pingIntervalMs > 0 {
                pingIntervalMicros = UInt64(welcome.pingIntervalMs) * 1_000
            }
        } else {
            playersOnlineAtLogin = nil
        }
    }

    /// The server refused the login, for `reason` (sanitised here).
    public mutating func refused(reason: String) {
        connection = .refused(reason: NetworkText.sanitized(reason))
        // The refusal is the news: a retry's failure under it would contradict it.
        lastRetryFailure = nil
        forgetPlayers()
    }

    /// What quitting now must report: the refusal on the screen (so that `q` on a red
    /// "refused" line prints it, with the fix, and fails), else nil.
    public var quitFailure: String? {
        if case .refused(let reason) = connection { reason } else { nil }
    }

    /// A ping arrived. `fromServer`: the round trip is the server's measurement, not the
    /// kernel's estimate (a server's first ping has none: on loopback the estimate is a
    /// meaningless few microseconds, so it is shown as unknown). `playersOnline`: the
    /// server's count of players, when the ping says it.
    public mutating func ping(
        length: Int, roundTripMicros: UInt64?, fromServer: Bool = true, receivedAtMicros: UInt64, playersOnline: Int? = nil
    ) {
        let roundTripMicros = fromServer || !serverReportsRoundTrip ? roundTripMicros : nil
        if case .connecting = connection {
            // An original server says nothing before its first ping: that ping means logged in.
            connection = .loggedIn
            lastDropReason = nil
            lastRetryFailure = nil
            everLoggedIn = true
        }
        pingCount += 1
        if let playersOnline { announcedPlayersOnline = playersOnline }
        if let roundTripMicros { self.roundTripMicros = roundTripMicros }
        lastContactMicros = max(lastContactMicros ?? 0, receivedAtMicros)
        let entry = PingLogEntry(receivedAtMicros: receivedAtMicros, length: length, roundTripMicros: roundTripMicros)
        if let last = pingLog.last, receivedAtMicros >= last.receivedAtMicros,
           receivedAtMicros - last.receivedAtMicros < pingIntervalMicros / 4 {
            // Pings sent an interval apart that arrive together were held up (the process
            // was stopped, the link stalled): one row for the backlog, not N identical ones.
            pingLog[pingLog.count - 1] = PingLogEntry(
                receivedAtMicros: receivedAtMicros, length: length,
                roundTripMicros: roundTripMicros ?? last.roundTripMicros, count: last.count + 1)
            return
        }
        pingLog.append(entry)
        if pingLog.count > Self.pingLogCapacity {
            pingLog.removeFirst(pingLog.count - Self.pingLogCapacity)
        }
    }

    /// Another player's cursor (PLAYER_CURSOR): a newcomer, a move, or no change.
    public mutating func cursor(_ cursor: PlayerCursor, now: UInt64) {
        lastContactMicros = max(lastContactMicros ?? 0, now)
        guard cursor.username != username else { return }
        let point = WorldPoint(x: cursor.x, y: cursor.y)
        // The dev server reports a player that has not moved yet at 0,0 with no button:
        // that is no position, until the player is seen anywhere.
        let unplaced = cursor.x == 0 && cursor.y == 0 && !cursor.leftClick && !cursor.rightClick
        if var player = players[cursor.username] {
            var changed = false
            if player.point != nil || !unplaced {
                if player.point != point || player.left != cursor.leftClick || player.right != cursor.rightClick {
                    player.changedAtMicros = now
                    changed = true
                }
                player.point = point
            }
            player.left = cursor.leftClick
            player.right = cursor.rightClick
            players[cursor.username] = player
            if changed { dimming.changed(cursor.username, at: now, players: players) }
            return
        }
        if let count = playersOnlineAtLogin {
            // A newcomer; the presence burst right after login is already in the count.
            playersOnlineAtLogin = max(count, players.count + 2)
        }
        players[cursor.username] = RemotePlayer(
            name: NetworkText.sanitized(cursor.username, maximumBytes: Self.nameBytesShown), point: unplaced ? nil : point,
            left: cursor.leftClick, right: cursor.rightClick,
            colorSlot: PlayerColors.slot(for: cursor.username, uses: players.colorSlotUses),
            changedAtMicros: now)
        if !unplaced { dimming.changed(cursor.username, at: now, players: players) }
    }

    /// Another player left (PLAYER_LOGOUT).
    public mutating func playerLeft(username name: String, now: UInt64) {
        lastContactMicros = max(lastContactMicros ?? 0, now)
        if players.remove(name) != nil, let count = playersOnlineAtLogin {
            playersOnlineAtLogin = max(1, count - 1)
        }
    }

    /// The session or attempt ended, for `reason` (sanitised here).
    public mutating func disconnected(reason: String) {
        switch connection {
        case .refused, .serverGone: return
        default: break
        }
        let reason = NetworkText.sanitized(reason)
        if connection == .loggedIn || lastDropReason == nil {
            lastDropReason = reason
        } else {
            lastRetryFailure = reason
        }
        connection = .disconnected(reason: reason)
        forgetPlayers()
    }

    /// The next attempt starts in `delay` microseconds.
    public mutating func reconnecting(inMicros delay: UInt64, now: UInt64) {
        connection = .reconnecting(atMicros: now + delay)
    }

    /// Networking has finished. Returns the failure to report when it never got to play.
    public mutating func stopped() -> String? {
        forgetPlayers()
        switch connection {
        case .refused(let reason):
            // Refused again after playing (the server came back with another password, or
            // full): the screen stays, red, with the reason, like a server gone.
            return everLoggedIn ? nil : reason
        case .serverGone:
            return nil
        case .disconnected(let reason):
            connection = .serverGone(reason: reason)
            return everLoggedIn ? nil : reason
        case .loggedIn, .reconnecting:
            connection = .serverGone(reason: "connection closed")
            return nil
        case .starting, .connecting:
            connection = .serverGone(reason: "could not connect")
            return everLoggedIn ? nil : "could not connect"
        }
    }
}
