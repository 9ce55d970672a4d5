import Logging
import NIOCore
import NIOSSH

/// The handler of an SSH session channel: accepts `pty-req`, `window-change`, `env`
/// (only `NO_COLOR`) and `shell`, which starts the game; refuses `exec` and
/// `subsystem` (and the library refuses every request it does not know, such as X11
/// and agent forwarding). Keystrokes and mouse reports go to the ``SSHPlaySession``.
final class SSHSessionHandler: ChannelInboundHandler {
    typealias InboundIn = SSHChannelData

    /// The largest terminal drawn; a bigger pty is drawn at this size (a client cannot
    /// make the server hold huge grids).
    static let maximumColumns = 500
    static let maximumRows = 250

    private let username: String
    private let client: SocketAddress?
    private let settings: SSHPlaySession.Settings
    private let logger: Logger
    private let register: (SSHPlaySession) -> Void
    private var pty: SSHChannelRequestEvent.PseudoTerminalRequest?
    private var noColor = false
    private var session: SSHPlaySession?

    init(username: String, client: SocketAddress?, settings: SSHPlaySession.Settings, logger: Logger,
         register: @escaping (SSHPlaySession) -> Void) {
        self.username = username
        self.client = client
        self.settings = settings
        self.logger = logger
        self.register = register
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        switch event {
        case let request as SSHChannelRequestEvent.PseudoTerminalRequest:
            pty = request
            reply(context, success: true, wanted: request.wantReply)
        case let request as SSHChannelRequestEvent.WindowChangeRequest:
            session?.resize(columns: Self.clampColumns(request.terminalCharacterWidth), rows: Self.clampRows(request.terminalRowHeight))
        case let request as SSHChannelRequestEvent.EnvironmentRequest:
            let accepted = request.name == "NO_COLOR"
            if accepted, !request.value.isEmpty { noColor = true }
            reply(context, success: accepted, wanted: request.wantReply)
        case let request as SSHChannelRequestEvent.ShellRequest:
            startShell(context, wantReply: request.wantReply)
        case let request as SSHChannelRequestEvent.ExecRequest:
            logger.info("ssh: exec refused", metadata: ["user": "\(username)"])
            refuse(context, wanted: request.wantReply)
        case let request as SSHChannelRequestEvent.SubsystemRequest:
            logger.info("ssh: subsystem refused", metadata: ["user": "\(username)", "subsystem": "\(request.subsystem.prefix(40))"])
            refuse(context, wanted: request.wantReply)
        default:
            context.fireUserInboundEventTriggered(event)
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let message = Self.unwrapInboundIn(data)
        guard case .channel = message.type, case .byteBuffer(let bytes) = message.data else { return }
        session?.input(bytes)
    }

    func channelInactive(context: ChannelHandlerContext) {
        session?.end(.clientGone)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        logger.debug("ssh: session channel error", metadata: ["error": "\(error)"])
        context.close(promise: nil)
    }

    private func startShell(_ context: ChannelHandlerContext, wantReply: Bool) {
        guard session == nil else {
            reply(context, success: false, wanted: wantReply)
            return
        }
        reply(context, success: true, wanted: wantReply)
        guard let pty else {
            // Without a pty the client's terminal stays cooked: keys would echo and wait for Enter.
            var buffer = context.channel.allocator.buffer(capacity: 80)
            buffer.writeString("mousy needs a terminal: connect with ssh -t.\r\n")
            context.writeAndFlush(NIOAny(SSHChannelData(type: .channel, data: .byteBuffer(buffer))), promise: nil)
            let channel = context.channel
            channel.triggerUserOutboundEvent(SSHChannelRequestEvent.ExitStatus(exitStatus: 1))
                .assumeIsolated()
                .whenComplete { _ in channel.close(promise: nil) }
            return
        }
        let session = SSHPlaySession(
            channel: context.channel, client: client, username: username, term: pty.term, noColor: noColor,
            columns: Self.clampColumns(pty.terminalCharacterWidth), rows: Self.clampRows(pty.terminalRowHeight),
            settings: settings, logger: logger)
        self.session = session
        register(session)
        logger.info("ssh: session started", metadata: [
            "user": "\(username)", "term": "\(pty.term.prefix(40))",
            "size": "\(pty.terminalCharacterWidth)x\(pty.terminalRowHeight)",
        ])
        session.start()
    }

    private func refuse(_ context: ChannelHandlerContext, wanted: Bool) {
        let channel = context.channel
        if wanted {
            channel.triggerUserOutboundEvent(ChannelFailureEvent()).assumeIsolated().whenComplete { _ in
                channel.close(promise: nil)
            }
        } else {
            channel.close(promise: nil)
        }
    }

    private func reply(_ context: ChannelHandlerContext, success: Bool, wanted: Bool) {
        guard wanted else { return }
        if success {
            context.triggerUserOutboundEvent(ChannelSuccessEvent(), promise: nil)
        } else {
            context.triggerUserOutboundEvent(ChannelFailureEvent(), promise: nil)
        }
    }

    private static func clampColumns(_ value: Int) -> Int { min(max(value, 1), maximumColumns) }
    private static func clampRows(_ value: Int) -> Int { min(max(value, 1), maximumRows) }
}
