import NIOCore
import NIOPosix
import NIOSSH

/// An SSH client built on NIOSSH, for what a stock OpenSSH client will not send: control
/// characters in a user name, a TERM or a subsystem name, and keystrokes at full speed
/// from a client that has stopped reading what the server sends back.
final class RawSSHClient: Sendable {
    enum Request: Sendable {
        /// A pty of `columns` x `rows` for `term`, then a shell.
        case shell(term: String, columns: Int, rows: Int)
        case subsystem(String)
    }

    /// The TCP connection.
    let connection: any Channel
    /// The session channel on it.
    let session: any Channel

    private init(connection: any Channel, session: any Channel) {
        self.connection = connection
        self.session = session
    }

    /// Connects to 127.0.0.1:`port`, authenticates with `password` as `username`, opens a
    /// session and sends `request` (without waiting for replies). `receiveBufferBytes`
    /// sets SO_RCVBUF, so that a client that stops reading backs the server up sooner.
    static func connect(port: Int, username: String, password: String = "welcome", request: Request,
                        receiveBufferBytes: Int? = nil) async throws -> RawSSHClient {
        var bootstrap = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let configuration = SSHClientConfiguration(
                        userAuthDelegate: SimplePasswordDelegate(username: username, password: password),
                        serverAuthDelegate: AnyHostKey())
                    try channel.pipeline.syncOperations.addHandler(
                        NIOSSHHandler(role: .client(configuration), allocator: channel.allocator, inboundChildChannelInitializer: nil))
                }
            }
        if let receiveBufferBytes {
            bootstrap = bootstrap.channelOption(.socketOption(.so_rcvbuf), value: SocketOptionValue(receiveBufferBytes))
        }
        let connection = try await bootstrap.connect(host: "127.0.0.1", port: port).get()
        let session: any Channel
        do {
            session = try await connection.eventLoop.flatSubmit {
                let promise = connection.eventLoop.makePromise(of: (any Channel).self)
                do {
                    let ssh = try connection.pipeline.syncOperations.handler(type: NIOSSHHandler.self)
                    ssh.createChannel(promise, channelType: .session) { child, _ in child.eventLoop.makeSucceededVoidFuture() }
                } catch {
                    promise.fail(error)
                }
                return promise.futureResult
            }.get()
        } catch {
            try? await connection.close()
            throw error
        }
        switch request {
        case .shell(let term, let columns, let rows):
            let pty = SSHChannelRequestEvent.PseudoTerminalRequest(
                wantReply: false, term: term, terminalCharacterWidth: columns, terminalRowHeight: rows,
                terminalPixelWidth: 0, terminalPixelHeight: 0, terminalModes: SSHTerminalModes([:]))
            try await session.triggerUserOutboundEvent(pty).get()
            try await session.triggerUserOutboundEvent(SSHChannelRequestEvent.ShellRequest(wantReply: false)).get()
        case .subsystem(let name):
            try await session.triggerUserOutboundEvent(SSHChannelRequestEvent.SubsystemRequest(subsystem: name, wantReply: false)).get()
        }
        return RawSSHClient(connection: connection, session: session)
    }

    /// Types `bytes` into the session without waiting for them to leave (a client whose
    /// window is used up keeps them).
    func type(_ bytes: [UInt8]) {
        let data = SSHChannelData(type: .channel, data: .byteBuffer(ByteBuffer(bytes: bytes)))
        session.writeAndFlush(data, promise: nil)
    }

    /// Stops reading from the socket: the server's output backs up.
    func stopReading() async throws {
        try await connection.setOption(.autoRead, value: false).get()
    }

    /// Reads again (and so learns of a close by the server).
    func resumeReading() async throws {
        try await connection.setOption(.autoRead, value: true).get()
        connection.read()
    }

    var isClosed: Bool { !connection.isActive }

    func close() async {
        try? await connection.close()
    }

    /// Trusts any host key: the server is the test's own, on loopback.
    private struct AnyHostKey: NIOSSHClientServerAuthenticationDelegate {
        func validateHostKey(hostKey: NIOSSHPublicKey, validationCompletePromise: EventLoopPromise<Void>) {
            validationCompletePromise.succeed(())
        }
    }
}
