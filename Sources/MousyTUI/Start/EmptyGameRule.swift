/// When a hosted game ends: `delay` after its last player left. Before anyone has come,
/// the game waits at least ``firstPlayerWait`` (its starter is still on the way in, through
/// a trial login and its own), so that a short delay cannot end a game nobody reached yet.
struct EmptyGameRule: Sendable {
    /// The least wait for the first player.
    static let firstPlayerWait: Duration = .seconds(30)

    /// How long the game stays up once empty.
    let delay: Duration
    private var emptySince: ContinuousClock.Instant?
    private var anyoneCame = false
    private var loginsSeen = 0

    /// A game started at `start`, empty.
    init(delay: Duration, start: ContinuousClock.Instant) {
        self.delay = delay
        emptySince = start
    }

    /// Takes in the number of players online at `now` and the logins so far (so that a
    /// player who came and went between two looks counts as come); true once the game
    /// should end.
    mutating func observe(online: Int, logins: Int, at now: ContinuousClock.Instant) -> Bool {
        if logins > loginsSeen {
            // Someone came since the last look, and may have left already: empty from now.
            loginsSeen = logins
            anyoneCame = true
            emptySince = now
        }
        if online > 0 {
            anyoneCame = true
            emptySince = nil
            return false
        }
        let since = emptySince ?? now
        emptySince = since
        let wait = anyoneCame ? delay : max(delay, Self.firstPlayerWait)
        return now - since >= wait
    }

    /// How often to look: often enough that the game ends within a fifth of its delay
    /// (at most a second late), never in a busy loop.
    var checkInterval: Duration {
        max(.milliseconds(50), min(.seconds(1), delay / 5))
    }
}
