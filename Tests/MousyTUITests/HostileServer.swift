import Messages
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// A game server that attacks its clients' terminals: a real socket on 127.0.0.1, the
/// real codec, and in every string it sends (login reasons, cursor names, logout names
/// and reasons) escape sequences, BEL, C1 controls and bidi overrides.
///
/// Each connection follows the next entry of `script`; the last repeats.
final class HostileServer: Sendable {
    enum Act: Sendable {
        /// Refuses the login with a hostile reason, then closes.
        case refuse
        /// Lets the player in (with a hostile reason in the welcome), shows it hostile
        /// cursors and departures, pings it every 50 ms, and says a hostile goodbye once
        /// the player has bounced `goodbyeAfterBounces` pings, or when told
        /// (``sayGoodbye()``).
        case play(goodbyeAfterBounces: Int?)
    }

    /// A reason that retitles the window, sets the clipboard and clears the screen if it
    /// reaches a terminal raw, with a bidi override, C1 CSI, NEL and BEL before it.
    static let reason = "nope \u{202E}txt.exe \u{9B}2J\u{85}bell\u{07}\u{1B}]0;PWNED\u{07}\u{1B}]52;c;SGVsbG8=\u{07}\u{1B}[2J"
    /// Other players' names, each hostile in another way (all distinct, all short).
    static let names = [
        "evil\u{1B}]0;PWNED\u{07}",
        "bidi\u{202E}gnp.exe",
        "c1\u{9B}31mred\u{9C}",
        "ctl\u{07}\u{08}\u{0D}\u{0A}x",
        "iso\u{2067}late\u{2069}",
    ]

    private struct State {
        var connections = 0
        var playing: [Channel] = []
        var bounces = 0
    }

    let port: Int
    private let channel: Channel
    private let state: NIOLockedValueBox<State>

    private init(port: Int, channel: Channel, state: NIOLockedValueBox<State>) {
        self.port = port
        self.channel = channel
        self.state = state
    }

    static func start(_ script: [Act]) async throws -> HostileServer {
        let state = NIOLockedValueBox(State())
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { child in
                let number = state.withLockedValue { state -> Int in
                    state.connections += 1
                    return state.connections
                }
                let act = script[min(number, script.count) - 1]
                return child.eventLoop.makeCompletedFuture {
                    try child.pipeline.syncOperations.addHandler(MessageFrameDecoder.handler())
                    try child.pipeline.syncOperations.addHandler(MessageToByteHandler(MessageFrameEncoder()))
                    try child.pipeline.syncOperations.addHandler(Attacker(act: act, state: state))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return HostileServer(port: channel.localAddress!.port!, channel: channel, state: state)
    }

    /// Connections accepted so far.
    var connections: Int { state.withLockedValue { $0.connections } }

    /// Pings bounced by players so far.
    var bounces: Int { state.withLockedValue { $0.bounces } }

    /// Says the hostile goodbye to every player, then closes them.
    func sayGoodbye() {
        for channel in state.withLockedValue({ $0.playing }) {
            channel.eventLoop.execute { Attacker.goodbye(channel) }
        }
    }

    func close() async {
        try? await channel.close()
    }

    /// One connection's attacker, on its channel's loop.
    private final class Attacker: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = WireMessage
        typealias OutboundOut = WireMessage

        let act: Act
        let state: NIOLockedValueBox<State>
        var bounces = 0
        var pinger: RepeatedTask?

        init(act: Act, state: NIOLockedValueBox<State>) {
            self.act = act
            self.state = state
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let channel = context.channel
            switch (unwrapInboundIn(data), act) {
            case (.playerLogin, .refuse):
                channel.writeAndFlush(WireMessage.loginResult(.with {
                    $0.ok = false
                    $0.reason = HostileServer.reason
                })).whenComplete { _ in channel.close(promise: nil) }
            case (.playerLogin, .play):
                state.withLockedValue { $0.playing.append(channel) }
                channel.write(WireMessage.loginResult(.with {
                    $0.ok = true
                    $0.reason = HostileServer.reason
                    $0.pingIntervalMs = 50
                    $0.playersOnline = UInt32(HostileServer.names.count + 1)
                }), promise: nil)
                for (index, name) in HostileServer.names.enumerated() {
                    channel.write(WireMessage.playerCursor(.with {
                        $0.username = name
                        $0.x = Int32(20 + 15 * index)
                        $0.y = Int32(5 + 3 * index)
                        $0.leftClick = index % 2 == 0
                    }), promise: nil)
                }
                // One of them leaves, with a hostile reason.
                channel.write(WireMessage.playerLogout(.with {
                    $0.username = HostileServer.names[0]
                    $0.reason = HostileServer.reason
                }), promise: nil)
                channel.flush()
                pinger = channel.eventLoop.scheduleRepeatedTask(initialDelay: .milliseconds(50), delay: .milliseconds(50)) { _ in
                    channel.writeAndFlush(WireMessage.ping(.with { $0.sentEpoch = Epoch.nowMicros() }), promise: nil)
                }
            case (.ping, .play(let goodbyeAfter)):
                bounces += 1
                state.withLockedValue { $0.bounces += 1 }
                if let goodbyeAfter, bounces == goodbyeAfter { Self.goodbye(channel) }
            default:
                break
            }
        }

        func channelInactive(context: ChannelHandlerContext) {
            pinger?.cancel()
            let channel = context.channel
            state.withLockedValue { $0.playing.removeAll { $0 === channel } }
        }

        func errorCaught(context: ChannelHandlerContext, error: Error) {
            context.close(promise: nil)
        }

        /// The server's own goodbye (no username: it is the receiver that is sent away).
        static func goodbye(_ channel: Channel) {
            channel.writeAndFlush(WireMessage.playerLogout(.with {
                $0.username = ""
                $0.reason = HostileServer.reason
            })).whenComplete { _ in channel.close(promise: nil) }
        }
    }
}

/// What in `bytes` a terminal would act on: ESC, BEL, any other C0 control but newline,
/// DEL, a C1 control (UTF-8 C2 80...C2 9F) or a bidi override, embedding or isolate
/// (U+202A...U+202E, U+2066...U+2069). Empty when the bytes are safe to show.
func terminalControls(in bytes: [UInt8]) -> [String] {
    var found: [String] = []
    for i in bytes.indices {
        let b = bytes[i]
        let next = i + 1 < bytes.count ? bytes[i + 1] : 0
        let third = i + 2 < bytes.count ? bytes[i + 2] : 0
        if b < 0x20, b != 0x0A { found.append(String(format: "byte 0x%02x at %d", b, i)) }
        if b == 0x7F { found.append("DEL at \(i)") }
        if b == 0xC2, (0x80...0x9F).contains(next) { found.append(String(format: "C1 0x%02x at %d", next, i)) }
        if b == 0xE2, next == 0x80, (0xAA...0xAE).contains(third) { found.append("bidi override at \(i)") }
        if b == 0xE2, next == 0x81, (0xA6...0xA9).contains(third) { found.append("bidi isolate at \(i)") }
    }
    return found
}
