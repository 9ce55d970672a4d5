import Messages
import NIOCore

/// The one handler in a player's pipeline: decodes frames straight from the socket's
/// bytes with the Messages `FrameDecoder` (no per-frame pipeline hop) and hands each
/// message to the loop's ``PlayerShard``. It also asks the loop's ``ReadBudget`` before
/// each socket read, so that many flooding players cannot hold the loop (and its ping
/// timer) for long.
final class PlayerSessionHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = ByteBuffer

    private let shard: PlayerShard
    private let budget: ReadBudget
    private let session: PlayerSession
    private var decoder = FrameDecoder(maximumBufferedBytes: Frame.maximumFrameLength)
    /// The start of a frame whose rest has not arrived yet (never more than one frame).
    private var partial: ByteBuffer?
    private var context: ChannelHandlerContext?

    init(shard: PlayerShard, session: PlayerSession) {
        self.shard = shard
        self.budget = shard.readBudget
        self.session = session
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    /// The next socket read, now or when the loop's read budget allows.
    func read(context: ChannelHandlerContext) {
        if budget.mayRead() {
            context.read()
        } else {
            budget.park(self)
        }
    }

    /// Resumes reading after ``ReadBudget/park(_:)``; false if the connection is gone.
    func resumeReading() -> Bool {
        guard let context, context.channel.isActive else { return false }
        context.read()
        return true
    }

    func channelActive(context: ChannelHandlerContext) {
        shard.connected(session)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        budget.didRead(bytes: buffer.readableBytes)
        guard session.phase != .closed else { return }
        if var pending = partial {
            pending.writeBuffer(&buffer)
            buffer = pending
            partial = nil
        }
        do {
            while session.phase != .closed {
                // A newer client's kinds are skipped once it has logged in; before, the
                // first frame must be a login, and anything else is refused as such.
                decoder.skipsUnknownTypes = session.phase == .playing
                let skippedBefore = decoder.skipped.total
                let message = try decoder.decode(from: &buffer)
                if decoder.skipped.total != skippedBefore {
                    let newTypes = decoder.takeNewlySkippedTypes()
                    shard.skipped(decoder.skipped.total - skippedBefore, newTypes: newTypes, from: session)
                }
                guard let message else { break }
                shard.received(message, from: session)
            }
        } catch {
            shard.badInput(error, from: session)
            return
        }
        if buffer.readableBytes > 0, session.phase != .closed {
            // Copy the tail so the socket's receive buffer can be reused.
            var tail = context.channel.allocator.buffer(capacity: buffer.readableBytes)
            tail.writeBuffer(&buffer)
            partial = tail
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        if session.phase != .closed {
            do {
                try decoder.finish(buffer: partial ?? ByteBuffer())
            } catch {
                shard.badInput(error, from: session)
            }
        }
        partial = nil
        shard.disconnected(session)
        context.fireChannelInactive()
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if !context.channel.isWritable {
            shard.outboundBufferFull(session)
        }
        context.fireChannelWritabilityChanged()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        shard.connectionFailed(error, for: session)
    }
}
