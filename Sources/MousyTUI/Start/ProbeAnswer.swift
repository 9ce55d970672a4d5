import Messages

/// What answered a trial login on a server address (see ``GameProbe``).
enum ProbeAnswer: Equatable, Sendable {
    /// Nothing listens there: the connection was refused.
    case nothingListening
    /// A game server took the login with LOGIN_RESULT ok; the probe has logged out again,
    /// so the name is free.
    case accepted
    /// A game server took the login with a first ping and no LOGIN_RESULT (the original):
    /// such a server never refuses a name, so it cannot say whether this one is playing.
    case acceptedUnchecked
    /// A game server that has this name playing already.
    case nameTaken
    /// A game server that refused the login for another reason (given as is).
    case refused(reason: String)
    /// The peer closed without a word: the original server's way of refusing a login.
    case closedSilently
    /// Something listens there but does not speak the game protocol: it answered with
    /// bytes that are not a game frame, or nothing at all in time.
    case notAGameServer
    /// The connection failed some other way; one plain sentence.
    case unreachable(String)

    /// For a refusal: the sentence the client would say, so that a wrong password is not
    /// tried twice (the server counts each failed login against the address).
    var refusal: String? {
        guard case .refused(let reason) = self else { return nil }
        return "The server refused the login: \(NetworkText.sanitized(reason.isEmpty ? "no reason given" : reason))."
    }

    /// True when a Mousy or Go-Shapes game server answered.
    var isGameServer: Bool {
        switch self {
        case .accepted, .acceptedUnchecked, .nameTaken, .refused, .closedSilently: true
        case .nothingListening, .notAGameServer, .unreachable: false
        }
    }
}
