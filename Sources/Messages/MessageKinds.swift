/// A set of frame types: what one side of a session says it understands in the version
/// handshake (PlayerLogin's and LoginResult's `understands`), and so what the other side
/// may send it (PROTOCOL.md, "Evolving the protocol").
///
/// Only the types of this build's message table are kept: a type a peer lists that this
/// side does not know is one it never sends anyway. A bit per type, so checking a frame
/// against a player's set on the fan-out's hot path is one mask.
public struct MessageKinds: Sendable, Hashable {
    private var bits: UInt64

    private init(bits: UInt64) {
        self.bits = bits
    }

    /// The kinds among `types` that this build's table names.
    public init(_ types: some Sequence<MType>) {
        var bits: UInt64 = 0
        for type in types where type.framedMessage != nil {
            bits |= 1 << UInt64(type.rawValue)
        }
        self.bits = bits
    }

    /// No kind at all.
    public static let none = MessageKinds(bits: 0)

    /// Every kind of this build's table: what this side announces.
    public static let all = MessageKinds(MType.framed)

    /// What a client that lists nothing understands (the original Python client, Mousy
    /// before the handshake): types 1-6, everything a server sent before type 7.
    public static let unlistedClient = MessageKinds([
        .playerLogin, .mouseEvent, .pingEvent, .loginResult, .playerCursor, .playerLogout,
    ])

    /// What a server that announces nothing is sent (the original Go server, Mousy before
    /// the handshake): types 1-3, the original's own, and 6, the goodbye.
    public static let unannouncedServer = MessageKinds([.playerLogin, .mouseEvent, .pingEvent, .playerLogout])

    /// What a peer understands from the list it sent: `unlisted` when it sent none.
    public static func listed(_ types: [MType], unlisted: MessageKinds) -> MessageKinds {
        types.isEmpty ? unlisted : MessageKinds(types)
    }

    /// Whether the set holds `type`.
    public func contains(_ type: MType) -> Bool {
        let raw = type.rawValue
        return raw >= 0 && raw < 64 && bits & (1 << UInt64(raw)) != 0
    }

    /// The set's types, in type-byte order: what a handshake field lists.
    public var types: [MType] {
        MType.framed.filter(contains)
    }
}
