/// Why a login was refused: the wire text of LOGIN_RESULT's `reason` for the common
/// refusals (a client recognises "name already playing" by it), the dev server's
/// count of refusals and the label of `mousy_login_refusals_total`. The sentence sent
/// to the player may say more (``tooManyPending``, ``penalised``).
public enum RefusalReason: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// The first frame was not PLAYER_LOGIN.
    case notALogin = "not a login"
    /// The username breaks the name rules.
    case malformedLogin = "malformed login"
    /// The password is wrong.
    case badCredentials = "bad credentials"
    /// Someone already plays under that name.
    case nameTaken = "name already playing"
    /// `maxPlayers` are online.
    case serverFull = "server full"
    /// The server is shutting down.
    case serverShutdown = "server shutting down"
    /// The address is penalised for failed logins (``ServerConfiguration/throttle``).
    case penalised = "too many failed logins"
    /// The address has too many connections waiting to log in.
    case tooManyPending = "too many connections waiting"

    public var description: String { rawValue }
}
