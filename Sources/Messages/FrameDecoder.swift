import NIOCore

/// An incremental frame decoder: feed it bytes as they come (a frame split across reads,
/// many frames in one read) and take whole messages out.
///
/// The type byte is checked as soon as it arrives, so garbage is refused without waiting
/// for the payload it seems to announce. With ``skipsUnknownTypes``, a frame of a type
/// the table does not name (a newer peer's, PROTOCOL.md "Evolving the protocol") is read
/// past and counted in ``skipped`` instead; type 0 is refused either way. After an error
/// the decoder stays failed: a stream that has lost its framing cannot be trusted again.
public struct FrameDecoder: Sendable {
    enum State: Sendable, Hashable {
        /// Waiting for the two header bytes.
        case header
        /// Header read; waiting for `length` payload bytes.
        case payload(type: MType, length: Int)
        /// Reading past the payload of a frame of an unknown type: `remaining` bytes to go.
        case skipping(remaining: Int)
        /// A previous error; every later call repeats it.
        case failed(FrameError)
    }

    /// The default cap on bytes buffered by ``feed(_:)``.
    public static let defaultMaximumBufferedBytes = 64 * 1024

    private(set) var state: State = .header
    private var buffered: ByteBuffer
    /// The most bytes ``feed(_:)`` may hold before a whole frame is taken out.
    public let maximumBufferedBytes: Int
    /// Skip a frame of a type the table does not name (not 0), instead of failing.
    public var skipsUnknownTypes: Bool
    /// The frames skipped so far, by type.
    public private(set) var skipped = SkippedTypes()

    public init(maximumBufferedBytes: Int = FrameDecoder.defaultMaximumBufferedBytes, skipsUnknownTypes: Bool = false) {
        precondition(maximumBufferedBytes >= Frame.maximumFrameLength, "the cap must hold one whole frame")
        self.maximumBufferedBytes = maximumBufferedBytes
        self.skipsUnknownTypes = skipsUnknownTypes
        self.buffered = ByteBufferAllocator().buffer(capacity: 0)
    }

    /// Bytes fed but not yet taken out as messages.
    public var bufferedBytes: Int { buffered.readableBytes }

    /// Adds bytes as they arrived from the peer.
    public mutating func feed(_ bytes: some Sequence<UInt8>) throws(FrameError) {
        if case .failed(let error) = state { throw error }
        buffered.writeBytes(bytes)
        if buffered.readableBytes > maximumBufferedBytes {
            // Only reachable when the caller feeds faster than it calls next().
            let error = FrameError.bufferLimitExceeded(limit: maximumBufferedBytes)
            state = .failed(error)
            throw error
        }
    }

    /// The next whole message from the fed bytes, or nil until more bytes arrive.
    public mutating func next() throws(FrameError) -> WireMessage? {
        var buffer = buffered
        buffered = ByteBuffer()  // keeps `buffer` uniquely referenced: no copy on write
        defer {
            if buffer.readableBytes == 0 { buffer.clear() }
            buffered = buffer
        }
        return try decode(from: &buffer)
    }

    /// Declares the end of the stream: throws ``FrameError/truncatedFrame(missing:)`` if
    /// it ended inside a frame. Call after ``next()`` has returned nil.
    public mutating func finish() throws(FrameError) {
        try finish(buffer: buffered)
    }

    /// Decodes the next whole frame from the front of `buffer`, consuming its bytes, or
    /// returns nil (consuming at most the header) when the frame is not all there yet.
    public mutating func decode(from buffer: inout ByteBuffer) throws(FrameError) -> WireMessage? {
        while true {
            switch state {
            case .failed(let error):
                throw error
            case .header:
                guard buffer.readableBytes >= Frame.headerLength,
                      let (length, typeByte) = buffer.readMultipleIntegers(as: (UInt8, UInt8).self)
                else { return nil }
                guard let type = Frame.messageType(typeByte) else {
                    guard skipsUnknownTypes, typeByte != 0 else { try fail(.unknownType(typeByte)) }
                    skipped.record(typeByte)
                    state = .skipping(remaining: Int(length))
                    continue
                }
                state = .payload(type: type, length: Int(length))
            case .skipping(let remaining):
                let step = min(remaining, buffer.readableBytes)
                buffer.moveReaderIndex(forwardBy: step)
                guard step == remaining else {
                    state = .skipping(remaining: remaining - step)
                    return nil
                }
                state = .header
            case .payload(let type, let length):
                guard buffer.readableBytes >= length else { return nil }
                let message: WireMessage
                do {
                    message = try Frame.decodePayload(
                        type: type,
                        buffer.readableBytesSpan.extracting(first: length)
                    )
                } catch {
                    try fail(error)
                }
                buffer.moveReaderIndex(forwardBy: length)
                state = .header
                return message
            }
        }
    }

    /// Checks, at the end of the stream, that `buffer` (what is left of it) does not hold
    /// part of a frame.
    public mutating func finish(buffer: ByteBuffer) throws(FrameError) {
        switch state {
        case .failed(let error):
            throw error
        case .header:
            if buffer.readableBytes > 0 {
                try fail(.truncatedFrame(missing: Frame.headerLength - buffer.readableBytes))
            }
        case .payload(_, let length):
            try fail(.truncatedFrame(missing: length - buffer.readableBytes))
        case .skipping(let remaining):
            try fail(.truncatedFrame(missing: remaining))
        }
    }

    /// The types skipped for the first time since the last call, to be logged once each.
    public mutating func takeNewlySkippedTypes() -> [UInt8] {
        skipped.takeNewTypes()
    }

    private mutating func fail(_ error: FrameError) throws(FrameError) -> Never {
        state = .failed(error)
        throw error
    }
}
