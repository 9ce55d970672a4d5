import NIOCore
import NIOPosix
import TestSupport
import Testing

@testable import Load

@Suite("mousy load's look at the kernel's receive queue", .scaledTimeLimit(minutes: 1))
struct ReceiveQueueTests {
    @Test("silent only with nothing unread and nothing received for the limit")
    func rule() {
        let limit = TimeAmount.seconds(3)
        #expect(ReceiveQueue(queuedBytes: 0, sinceLastData: .seconds(3)).serverSilent(for: limit))
        #expect(!ReceiveQueue(queuedBytes: 0, sinceLastData: .milliseconds(2999)).serverSilent(for: limit))
        #expect(!ReceiveQueue(queuedBytes: 768, sinceLastData: .seconds(10)).serverSilent(for: limit),
                "bytes we have not read: our backlog, not the server's silence")
    }

    @Test("on a real socket: bytes left unread are seen, and an idle connection turns silent")
    func realSocket() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let accepted = group.next().makePromise(of: (any Channel).self)
        let server = try await ServerBootstrap(group: group)
            .childChannelInitializer { channel in
                accepted.succeed(channel)
                return channel.eventLoop.makeSucceededVoidFuture()
            }
            .bind(host: "127.0.0.1", port: 0).get()
        // The client reads nothing: what the server sends stays in the kernel.
        let client = try await ClientBootstrap(group: group)
            .channelOption(.autoRead, value: false)
            .connect(host: "127.0.0.1", port: server.localAddress!.port!).get()
        let peer = try await accepted.futureResult.get()

        let idle = await eventually(timeout: .seconds(20)) {
            (try? await ReceiveQueue.read(client).get())?.serverSilent(for: .milliseconds(50)) == true
        }
        #expect(idle, "a connection that received nothing turns silent")

        try await peer.writeAndFlush(ByteBuffer(bytes: [1, 3, 0])).get()
        let queued = await eventually(timeout: .seconds(20)) {
            (try? await ReceiveQueue.read(client).get()).map { $0.queuedBytes > 0 } == true
        }
        #expect(queued, "the unread bytes are seen")
        let afterData = try await ReceiveQueue.read(client).get()
        #expect(!afterData.serverSilent(for: .milliseconds(50)), "unread bytes are never silence")

        try await client.close()
        try await server.close()
        try await group.shutdownGracefully()
    }
}
