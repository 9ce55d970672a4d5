// The message table: which generated message each frame type carries. Adding a message
// is one line here (plus its `WireMessage` case); see ARCHITECTURE.md, "Adding a message".

extension PlayerLogin: FramedMessage {
    public static let frameType = MType.playerLogin
    public var wireMessage: WireMessage { .playerLogin(self) }
}

extension MouseMove: FramedMessage {
    public static let frameType = MType.mouseEvent
    public var wireMessage: WireMessage { .mouseMove(self) }
}

extension Ping: FramedMessage {
    public static let frameType = MType.pingEvent
    public var wireMessage: WireMessage { .ping(self) }
}

extension LoginResult: FramedMessage {
    public static let frameType = MType.loginResult
    public var wireMessage: WireMessage { .loginResult(self) }
}

extension PlayerCursor: FramedMessage {
    public static let frameType = MType.playerCursor
    public var wireMessage: WireMessage { .playerCursor(self) }
}

extension PlayerLogout: FramedMessage {
    public static let frameType = MType.playerLogout
    public var wireMessage: WireMessage { .playerLogout(self) }
}

extension MType {
    /// The message a frame of this type carries; nil for UNKNOWN (0) and numbers the
    /// proto does not name. No `default:`, so a new type in the proto fails to compile
    /// until it is given its message here.
    public var framedMessage: (any FramedMessage.Type)? {
        switch self {
        case .playerLogin: PlayerLogin.self
        case .mouseEvent: MouseMove.self
        case .pingEvent: Ping.self
        case .loginResult: LoginResult.self
        case .playerCursor: PlayerCursor.self
        case .playerLogout: PlayerLogout.self
        case .unknown, .UNRECOGNIZED: nil
        }
    }

    /// Every type that frames a message, in type-byte order.
    public static var framed: [MType] { allCases.filter { $0.framedMessage != nil } }
}
