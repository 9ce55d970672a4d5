import NIOCore

// The message table: which generated message each frame type carries, and everything
// derived from it. Adding a message is this file plus the proto (ARCHITECTURE.md,
// "Adding a message"): the compiler names each line a new kind needs here.

/// One protocol message, typed: a case per frame type of the Mousy wire protocol,
/// each carrying its generated protobuf message (a ``FramedMessage``).
///
/// Switches over it have no `default:`, so a new case makes the compiler name every
/// place that must handle it.
public enum WireMessage: Sendable, Hashable {
    /// Type 1, client → server: the first frame of a session.
    case playerLogin(PlayerLogin)
    /// Type 2, client → server: pointer position and buttons (the original's MouseEvent).
    case mouseMove(MouseMove)
    /// Type 3, server → client and the client's bounce back.
    case ping(Ping)
    /// Type 4, server → client: the answer to a login.
    case loginResult(LoginResult)
    /// Type 5, server → client: another player's cursor.
    case playerCursor(PlayerCursor)
    /// Type 6, both ways: a player leaves.
    case playerLogout(PlayerLogout)
    /// Type 7, both ways: a line of chat (the server stamps the sender).
    case chat(Chat)
    /// Type 8, server → client, to clients that listed it: one object of the world.
    case gameObject(GameObject)

    /// Calls `visitor` with the message this case carries, as its concrete type: the one
    /// switch over the cases that ``type``, ``sender`` and ``description`` share. Generic,
    /// not `any FramedMessage`: boxing the message in an existential costs an allocation.
    public func visit<V: FramedMessageVisitor>(_ visitor: inout V) throws(V.Failure) -> V.Result {
        switch self {
        case .playerLogin(let m): try visitor.visit(m)
        case .mouseMove(let m): try visitor.visit(m)
        case .ping(let m): try visitor.visit(m)
        case .loginResult(let m): try visitor.visit(m)
        case .playerCursor(let m): try visitor.visit(m)
        case .playerLogout(let m): try visitor.visit(m)
        case .chat(let m): try visitor.visit(m)
        case .gameObject(let m): try visitor.visit(m)
        }
    }
}

extension WireMessage: CustomStringConvertible {
    private struct TypeOf: FramedMessageVisitor {
        func visit<M: FramedMessage>(_ message: M) -> MType { M.frameType }
    }

    private struct SenderOf: FramedMessageVisitor {
        func visit<M: FramedMessage>(_ message: M) -> MessageSender { M.sender }
    }

    private struct Describe: FramedMessageVisitor {
        func visit<M: FramedMessage>(_ message: M) -> String { message.logDescription }
    }

    /// The frame type byte this message travels under.
    public var type: MType {
        var visitor = TypeOf()
        return visit(&visitor)
    }

    /// Who sends this kind of message.
    public var sender: MessageSender {
        var visitor = SenderOf()
        return visit(&visitor)
    }

    /// A log-safe rendering: a login's password is never shown.
    public var description: String {
        var visitor = Describe()
        return visit(&visitor)
    }
}

extension Frame {
    /// Appends `message` to `buffer` as one frame, as ``encode(_:into:)-generic`` does.
    public static func encode(_ message: WireMessage, into buffer: inout ByteBuffer) throws(FrameError) {
        // A generic call per case, as in ``WireMessage/visit(_:)``, written out: the
        // encoder's hot path, kept exactly as it was measured (BENCHMARKS.md, codec).
        switch message {
        case .playerLogin(let m): try encode(m, into: &buffer)
        case .mouseMove(let m): try encode(m, into: &buffer)
        case .ping(let m): try encode(m, into: &buffer)
        case .loginResult(let m): try encode(m, into: &buffer)
        case .playerCursor(let m): try encode(m, into: &buffer)
        case .playerLogout(let m): try encode(m, into: &buffer)
        case .chat(let m): try encode(m, into: &buffer)
        case .gameObject(let m): try encode(m, into: &buffer)
        }
    }
}

extension PlayerLogin: FramedMessage {
    public static let frameType = MType.playerLogin
    public static let sender = MessageSender.client
    public var wireMessage: WireMessage { .playerLogin(self) }
    /// A login's password is never shown.
    public var logDescription: String {
        "PlayerLogin(username: \(username.debugDescription), password: <\(password.utf8.count) bytes>)"
    }
    public static var worstCase: Self {
        .with {
            $0.username = WorstCase.name
            $0.password = String(repeating: "p", count: maximumPasswordBytes)
            $0.resumeToken = WorstCase.token
            $0.understands = MType.framed
            $0.spectator = true
        }
    }
}

extension MouseMove: FramedMessage {
    public static let frameType = MType.mouseEvent
    public static let sender = MessageSender.client
    public var wireMessage: WireMessage { .mouseMove(self) }
    public var logDescription: String { "MouseMove(x: \(x), y: \(y), left: \(leftClick), right: \(rightClick))" }
    public static var worstCase: Self {
        .with {
            ($0.x, $0.y) = (.min, .min)
            ($0.leftClick, $0.rightClick) = (true, true)
        }
    }
}

extension Ping: FramedMessage {
    public static let frameType = MType.pingEvent
    public static let sender = MessageSender.both
    public var wireMessage: WireMessage { .ping(self) }
    public var logDescription: String {
        "Ping(sent: \(sentEpoch), bounce: \(bounceEpoch), received: \(receivedEpoch), rtt_us: \(rttUs))"
    }
    public static var worstCase: Self {
        .with {
            ($0.sentEpoch, $0.bounceEpoch, $0.receivedEpoch) = (.max, .max, .max)
            $0.rttUs = .max
            $0.playersOnline = .max
        }
    }
}

extension LoginResult: FramedMessage {
    public static let frameType = MType.loginResult
    public static let sender = MessageSender.server
    public var wireMessage: WireMessage { .loginResult(self) }
    public var logDescription: String {
        "LoginResult(ok: \(ok), reason: \(reason.debugDescription), ping_interval_ms: \(pingIntervalMs), players_online: \(playersOnline))"
    }
    public static var worstCase: Self {
        .with {
            $0.ok = true
            $0.reason = String(repeating: "r", count: maximumReasonBytes)
            ($0.pingIntervalMs, $0.playersOnline, $0.worldWidth, $0.worldHeight, $0.tickHz) = (.max, .max, .max, .max, .max)
            $0.resumeToken = WorstCase.token
            $0.understands = MType.framed
        }
    }
}

extension PlayerCursor: FramedMessage {
    public static let frameType = MType.playerCursor
    public static let sender = MessageSender.server
    public var wireMessage: WireMessage { .playerCursor(self) }
    public var logDescription: String {
        "PlayerCursor(\(username.debugDescription), x: \(x), y: \(y), left: \(leftClick), right: \(rightClick))"
    }
    public static var worstCase: Self {
        .with {
            $0.username = WorstCase.name
            ($0.x, $0.y) = (.min, .min)
            ($0.leftClick, $0.rightClick) = (true, true)
        }
    }
}

extension PlayerLogout: FramedMessage {
    public static let frameType = MType.playerLogout
    public static let sender = MessageSender.both
    public var wireMessage: WireMessage { .playerLogout(self) }
    public var logDescription: String { "PlayerLogout(\(username.debugDescription), reason: \(reason.debugDescription))" }
    public static var worstCase: Self {
        .with {
            $0.username = WorstCase.name
            $0.reason = String(repeating: "r", count: PlayerName.maximumLogoutReasonBytes)
        }
    }
}

extension Chat: FramedMessage {
    public static let frameType = MType.chat
    public static let sender = MessageSender.both
    public var wireMessage: WireMessage { .chat(self) }
    public var logDescription: String { "Chat(\(sender.debugDescription), text: \(text.debugDescription))" }
    public static var worstCase: Self {
        .with {
            $0.sender = WorstCase.name
            $0.text = String(repeating: "é", count: maximumTextBytes / 2)
        }
    }
}

extension GameObject: FramedMessage {
    public static let frameType = MType.gameObject
    public static let sender = MessageSender.server
    public var wireMessage: WireMessage { .gameObject(self) }
    public var logDescription: String {
        "GameObject(\(id), \(kind), x: \(x), y: \(y), w: \(w), h: \(h), holder: \(holder.debugDescription), tick: \(tick))"
    }
    public static var worstCase: Self {
        .with {
            ($0.id, $0.kind) = (.max, .diamond)
            ($0.x, $0.y) = (.min, .min)
            ($0.w, $0.h) = (.max, .max)
            $0.holder = WorstCase.name
            $0.tick = .max
        }
    }
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
        case .chat: Chat.self
        case .gameObject: GameObject.self
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
        case .chat: try Chat.decodeWireMessage(payload)
        case .gameObject: try GameObject.decodeWireMessage(payload)
        case .unknown, .UNRECOGNIZED: nil
        }
    }
}

extension MType {
    /// Every type that frames a message, in type-byte order.
    public static var framed: [MType] { allCases.filter { $0.framedMessage != nil } }

    /// The type's name in the proto and PROTOCOL.md, e.g. "MOUSE_EVENT" (the Swift case
    /// name `mouseEvent` as the proto spells it); "UNKNOWN" for a number the proto does not name.
    public var protoName: String {
        if case .UNRECOGNIZED = self { return "UNKNOWN" }
        var name = ""
        for character in String(describing: self) {
            if character.isUppercase { name.append("_") }
            name += character.uppercased()
        }
        return name
    }
}
