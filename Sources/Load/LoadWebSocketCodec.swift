import Messages
import NIOCore
import NIOWebSocket
import SwiftProtobuf

/// The wire of a `mousy load --web` player, between the WebSocket frames and its
/// ``LoadPlayer``'s session driver: the server's text frames (one message as JSON each, the page's
/// form) become ``Messages/WireMessage``s, and the player's binary frames go out as
/// masked text frames, one message each, as the page sends them.
///
/// Like ``LoadFrameDecoder``, it only counts (in ``SkippedFrames``) the cursor frames of a
/// player that is not sampled and the box frames of one that does not drag, by their
/// kind tag (``JSONFrameTag``), without parsing their JSON. A frame that is not one
/// message as JSON is an error: the player closes.
final class LoadWebSocketCodec: ChannelDuplexHandler {
    typealias InboundIn = WebSocketFrame
    typealias InboundOut = WireMessage
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = WebSocketFrame

    /// Why a player's socket carried something that is not one message as JSON.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    private let decodesCursors: Bool
    private let decodesObjects: Bool
    private let skipped: SkippedFrames
    /// A close frame was sent: nothing more goes out.
    private var closeSent = false

    init(decodesCursors: Bool, decodesObjects: Bool, skipped: SkippedFrames) {
        self.decodesCursors = decodesCursors
        self.decodesObjects = decodesObjects
        self.skipped = skipped
    }

    // MARK: - From the server

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        switch frame.opcode {
        case .text where frame.fin:
            do {
                if let message = try message(in: frame.unmaskedData) {
                    context.fireChannelRead(wrapInboundOut(message))
                }
            } catch {
                context.fireErrorCaught(error)
            }
        case .connectionClose:
            // The server ends the session: answer with the code, then close.
            var data = frame.unmaskedData
            let code = data.readSlice(length: 2) ?? ByteBuffer()
            let channel = context.channel
            let answered = context.eventLoop.makePromise(of: Void.self)
            send(opcode: .connectionClose, code, context: context, promise: answered)
            context.flush()
            answered.futureResult.whenComplete { _ in channel.close(promise: nil) }
        case .ping:
            send(opcode: .pong, frame.unmaskedData, context: context, promise: nil)
            context.flush()
        case .pong:
            break
        default:
            context.fireErrorCaught(Failure(description: "not one message as a text frame: opcode \(frame.opcode)"))
        }
    }

    /// The message a text frame carries, or nil when it is only counted.
    func message(in data: ByteBuffer) throws -> WireMessage? {
        // Not in the server's own form: parsed in full.
        guard let tag = JSONFrameTag.read(data) else { return try parsedInFull(data) }
        guard let type = tag.type, let kind = type.framedMessage else { return skip(unknown: true) }
        if type == .playerCursor, !decodesCursors {
            skipped.cursors += 1
            return skip()
        }
        if type == .gameObject, !decodesObjects {
            skipped.objects += 1
            return skip()
        }
        let bytes = data.getBytes(at: data.readerIndex + tag.message.lowerBound, length: tag.message.count) ?? []
        return try Self.decode(kind, json: bytes)
    }

    /// A kind this build does not know is skipped, as the binary decoder skips an unknown
    /// type byte.
    private func parsedInFull(_ data: ByteBuffer) throws(JSONFrameError) -> WireMessage? {
        do {
            return try WireMessage(jsonFrame: String(buffer: data))
        } catch {
            guard case .unknownKind = error else { throw error }
            return skip(unknown: true)
        }
    }

    /// Parses `json` as a message of kind `M`, as ``Messages/WireMessage/init(jsonFrame:)`` does.
    private static func decode<M: FramedMessage>(_ kind: M.Type, json: [UInt8]) throws -> WireMessage {
        var options = JSONDecodingOptions()
        options.ignoreUnknownFields = true
        options.messageDepthLimit = 4
        return try M(jsonUTF8Bytes: json, options: options).wireMessage
    }

    private func skip(unknown: Bool = false) -> WireMessage? {
        skipped.frames += 1
        if unknown { skipped.unknown += 1 }
        return nil
    }

    // MARK: - From the player

    /// The player writes binary frames (one or more, e.g. a move); each goes out as one
    /// text frame.
    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        var frames = unwrapOutboundIn(data)
        guard !closeSent else {
            promise?.fail(ChannelError.outputClosed)
            return
        }
        guard frames.readableBytes > 0 else {
            promise?.succeed(())
            return
        }
        do {
            while frames.readableBytes > 0 {
                guard frames.readableBytes >= Frame.headerLength else {
                    throw Failure(description: "the player wrote a broken frame")
                }
                let length = Int(frames.getInteger(at: frames.readerIndex, as: UInt8.self)!)
                let typeByte = frames.getInteger(at: frames.readerIndex + 1, as: UInt8.self)!
                guard frames.readableBytes >= Frame.headerLength + length, let type = Frame.messageType(typeByte) else {
                    throw Failure(description: "the player wrote a broken frame")
                }
                let message = try Frame.decodePayload(
                    type: type, frames.readableBytesSpan.extracting(Frame.headerLength..<(Frame.headerLength + length)))
                frames.moveReaderIndex(forwardBy: Frame.headerLength + length)
                let json = context.channel.allocator.buffer(string: try message.jsonFrame())
                let last = frames.readableBytes == 0
                send(opcode: .text, json, context: context, promise: last ? promise : nil)
            }
        } catch {
            promise?.fail(error)
            context.fireErrorCaught(error)
        }
    }

    /// Writes one frame, masked as a client's frames must be.
    private func send(opcode: WebSocketOpcode, _ data: ByteBuffer, context: ChannelHandlerContext, promise: EventLoopPromise<Void>?) {
        guard !closeSent else {
            promise?.fail(ChannelError.outputClosed)
            return
        }
        if opcode == .connectionClose { closeSent = true }
        let frame = WebSocketFrame(fin: true, opcode: opcode, maskKey: .random(), data: data)
        context.write(wrapOutboundOut(frame), promise: promise)
    }
}
