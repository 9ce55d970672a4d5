import Logging
import NIOCore

extension SessionDriver {
    /// How a driver runs its session, and over what.
    public struct Options {
        /// The session's rules (login, reconnects, silence).
        public var rules: ClientSession.Rules
        /// How each connection is opened.
        public var connector: SessionConnector
        /// How long the server may take to answer the login; nil: as long as it likes.
        public var loginTimeout: TimeAmount?
        /// After quitting, how long to wait for the server to close before closing for good.
        public var quitGracePeriod: TimeAmount
        /// Sees every message written and read (tests, diagnostics).
        public var tap: SessionTap?
        /// Makes each connection's inbound decoder (called on the driver's loop); nil: a
        /// ``MessageFrameDecoder``. It must pass on ``WireMessage``s and fire a
        /// `FrameError` for bytes that are not frames, as that one does (`mousy load`'s
        /// counting decoder does).
        public var decoder: (() -> any ChannelHandler)?
        /// The sentence for a connect that failed; nil: ``ConnectionFailure/connectFailed(_:server:)``.
        public var connectFailureSentence: (@Sendable (any Error) -> String)?
        /// Where the driver logs connects, logins and ends (never a password).
        public var logger: Logger

        public init(
            rules: ClientSession.Rules,
            connector: SessionConnector,
            loginTimeout: TimeAmount? = .seconds(5),
            quitGracePeriod: TimeAmount = .milliseconds(500),
            tap: SessionTap? = nil,
            logger: Logger
        ) {
            self.rules = rules
            self.connector = connector
            self.loginTimeout = loginTimeout
            self.quitGracePeriod = quitGracePeriod
            self.tap = tap
            self.logger = logger
        }
    }
}
