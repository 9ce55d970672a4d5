import NIOCore

extension ClientSession {
    /// How a session behaves.
    public struct Rules: Sendable {
        public var server: ServerAddress
        public var username: String
        public var password: String
        /// Reconnect (and log in again) after an established session drops.
        public var reconnect: Bool
        /// The first wait before reconnecting; it doubles after each failed attempt.
        public var reconnectInitialDelay: TimeAmount
        /// The longest wait between reconnect attempts.
        public var reconnectMaximumDelay: TimeAmount
        /// The silence that ends a session when the server announces no ping interval (an
        /// original server, or before the login is answered). Nil: silence never ends one.
        public var fallbackSilence: TimeAmount?
        /// Log in as a spectator (`mousy watch`): a Mousy server neither lists nor counts it.
        public var spectator: Bool

        public init(
            server: ServerAddress,
            username: String,
            password: String,
            reconnect: Bool = true,
            reconnectInitialDelay: TimeAmount = .milliseconds(500),
            reconnectMaximumDelay: TimeAmount = .seconds(8),
            fallbackSilence: TimeAmount? = .seconds(15),
            spectator: Bool = false
        ) {
            self.server = server
            self.username = username
            self.password = password
            self.reconnect = reconnect
            self.reconnectInitialDelay = reconnectInitialDelay
            self.reconnectMaximumDelay = reconnectMaximumDelay
            self.fallbackSilence = fallbackSilence
            self.spectator = spectator
        }
    }
}
