// The message table: which generated message each frame type carries. Adding a message
// is a few lines here (plus its `WireMessage` case); see ARCHITECTURE.md, "Adding a message".

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

    /// Parses `payload` as this type's message. The same table as ``framedMessage``, as a
    /// switch: each case calls its concrete message's decoder, which the compiler
    /// specializes; through the existential metatype, SwiftProtobuf's decode ran
    /// unspecialized and decoding was 5-13 % slower (BENCHMARKS.md, codec). nil for the
    /// types that frame no message.
    func decodeWireMessage(_ payload: RawSpan) throws(FrameError) -> WireMessage? {
        switch self {
        case .playerLogin: try PlayerLogin.decodeWireMessage(payload)
        case .mouseEvent: try MouseMove.decodeWireMessage(payload)
        case .pingEvent: try Ping.decodeWireMessage(payload)
        case .loginResult: try LoginResult.decodeWireMessage(payload)
        case .playerCursor: try PlayerCursor.decodeWireMessage(payload)
        case .playerLogout: try PlayerLogout.decodeWireMessage(payload)
        case .unknown, .UNRECOGNIZED: nil
        }
    }

    /// Every type that frames a message, in type-byte order.
    public static var framed: [MType] { allCases.filter { $0.framedMessage != nil } }
}
