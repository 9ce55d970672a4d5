import Messages
import NIOCore

/// The inbound frame decoder of one `mousy load` player: decodes what the player acts on
/// (LOGIN_RESULT, PING, PLAYER_LOGOUT) and, for the few players sampled for the visible-set
/// statistics, PLAYER_CURSOR; every other frame is only framed and skipped, its payload
/// never parsed, and counted in ``skipped``.
///
/// Reading tens of thousands of cursor frames a second for thousands of players is the
/// load generator's main cost; parsing a two-byte header and moving the reader index is
/// what a player that only counts them needs. A frame's type byte is checked like the
/// full decoder does on a client: UNKNOWN (0) is refused, so a stream that has lost its
/// framing still fails, and a type the table does not name (a newer server's) is
/// skipped and counted in ``SkippedFrames/unknown``; the decoded types are checked to
/// the last byte.
struct LoadFrameDecoder: ByteToMessageDecoder {
    typealias InboundOut = WireMessage

    /// Decode PLAYER_CURSOR frames too (a sampled player), or only count them.
    let decodesCursors: Bool
    /// Decode GAME_OBJECT frames too (a player that drags boxes), or only count them.
    let decodesObjects: Bool
    /// Where skipped frames are counted; the player reads it.
    let skipped: SkippedFrames

    init(decodesCursors: Bool, decodesObjects: Bool = false, skipped: SkippedFrames) {
        self.decodesCursors = decodesCursors
        self.decodesObjects = decodesObjects
        self.skipped = skipped
    }

    /// Installs the decoder with the full decoder's cap on buffered bytes.
    static func handler(decodesCursors: Bool, decodesObjects: Bool = false, skipped: SkippedFrames) -> ByteToMessageHandler<LoadFrameDecoder> {
        ByteToMessageHandler(
            LoadFrameDecoder(decodesCursors: decodesCursors, decodesObjects: decodesObjects, skipped: skipped),
            maximumBufferSize: FrameDecoder.defaultMaximumBufferedBytes
        )
    }

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let message = try next(from: &buffer) else { return .needMoreData }
        context.fireChannelRead(Self.wrapInboundOut(message))
        return .continue
    }

    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        while let message = try next(from: &buffer) {
            context.fireChannelRead(Self.wrapInboundOut(message))
        }
        if buffer.readableBytes > 0 {
            // The stream ended inside a frame: the header, or the payload it announced.
            let missing = buffer.readableBytes < Frame.headerLength
                ? Frame.headerLength - buffer.readableBytes
                : Frame.headerLength + Int(buffer.getInteger(at: buffer.readerIndex, as: UInt8.self)!) - buffer.readableBytes
            throw FrameError.truncatedFrame(missing: missing)
        }
        return .needMoreData
    }

    /// Skips every whole frame at the front of `buffer` that is only counted, and decodes
    /// the next one that is not; nil when no such frame is all there yet. A frame is only
    /// consumed once all of it has arrived.
    mutating func next(from buffer: inout ByteBuffer) throws(FrameError) -> WireMessage? {
        // Counted here and added to `skipped` once per call: a run of skipped frames then
        // costs no access to the shared counters per frame.
        var frames = 0
        var cursors = 0
        var objects = 0
        defer {
            if frames > 0 {
                skipped.frames += frames
                skipped.cursors += cursors
                skipped.objects += objects
            }
        }
        while let (length, typeByte) = buffer.getMultipleIntegers(at: buffer.readerIndex, as: (UInt8, UInt8).self) {
            // The type is checked as soon as the header is in, as the full decoder does.
            let type = Frame.messageType(typeByte)
            guard type != nil || typeByte != 0 else { throw .unknownType(typeByte) }
            let frameLength = Frame.headerLength + Int(length)
            guard buffer.readableBytes >= frameLength else { return nil }
            guard let type else {
                skipped.unknown += 1
                frames += 1
                buffer.moveReaderIndex(forwardBy: frameLength)
                continue
            }
            if type == .playerCursor, !decodesCursors {
                cursors += 1
                frames += 1
                buffer.moveReaderIndex(forwardBy: frameLength)
            } else if type == .gameObject, !decodesObjects {
                objects += 1
                frames += 1
                buffer.moveReaderIndex(forwardBy: frameLength)
            } else if type.framedMessage?.sender == .client {
                // A client's message (PROTOCOL.md's direction): a server never sends it,
                // and a player would ignore it.
                frames += 1
                buffer.moveReaderIndex(forwardBy: frameLength)
            } else {
                let message = try Frame.decodePayload(
                    type: type,
                    buffer.readableBytesSpan.extracting(Frame.headerLength..<frameLength)
                )
                buffer.moveReaderIndex(forwardBy: frameLength)
                return message
            }
        }
        return nil
    }
}
