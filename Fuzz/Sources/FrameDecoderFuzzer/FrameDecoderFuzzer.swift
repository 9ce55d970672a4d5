import Messages
import NIOCore

#if canImport(Glibc)
import Glibc
#endif

/// libFuzzer's entry point: the input is a byte stream as a peer might send it. The first
/// byte picks how the stream is cut into reads, so split frames are explored too.
///
/// Checked, beyond "no crash": every decoded message re-encodes to a frame that decodes
/// to the same message, and the decoder, once failed, stays failed.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = Array(UnsafeRawBufferPointer(start: start, count: count))
    guard let first = bytes.first else { return 0 }
    let chunk = Int(first % 17) + 1
    let stream = bytes.dropFirst()

    var decoder = FrameDecoder(maximumBufferedBytes: 4096)
    var offset = stream.startIndex
    var failure: FrameError?
    outer: while offset < stream.endIndex {
        let end = min(stream.endIndex, offset + chunk)
        do {
            try decoder.feed(stream[offset..<end])
            while let message = try decoder.next() {
                check(roundTrips: message)
            }
        } catch {
            failure = error
            break outer
        }
        offset = end
    }
    if let failure {
        do {
            _ = try decoder.next()
            fatalError("a failed decoder decoded again")
        } catch {
            precondition(error == failure, "a failed decoder changed its error")
        }
    } else {
        _ = try? decoder.finish()
    }

    // The same stream through a caller-held ByteBuffer, as the NIO adapter feeds it.
    var direct = FrameDecoder()
    var buffer = ByteBuffer(bytes: stream)
    while true {
        guard let message = try? direct.decode(from: &buffer) else { break }
        check(roundTrips: message)
    }
    return 0
}

private func check(roundTrips message: WireMessage) {
    let frame: [UInt8]
    do {
        frame = try Frame.encode(message)
    } catch {
        // Decoded from at most 255 payload bytes, so it must fit again.
        fatalError("a decoded \(message.type) did not re-encode: \(error)")
    }
    var again = FrameDecoder()
    do {
        try again.feed(frame)
        let decoded = try again.next()
        precondition(decoded == message, "re-encoded \(message.type) decoded differently")
    } catch {
        fatalError("a re-encoded \(message.type) failed to decode: \(error)")
    }
}

/// libFuzzer's set-up hook. With `MOUSY_FUZZ_SEEDS=DIR` it writes one seed per kind in the
/// message table into DIR (an empty message of each type, framed), so a new kind is fuzzed
/// from the start without anyone adding a corpus file.
@_cdecl("LLVMFuzzerInitialize")
public func initialize(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>) -> CInt {
    guard let directory = getenv("MOUSY_FUZZ_SEEDS").map({ String(cString: $0) }) else { return 0 }
    for type in MType.framed {
        // First byte: read the stream whole; then the frame.
        let seed: [UInt8] = [16, 0, UInt8(type.rawValue)]
        let path = "\(directory)/kind-\(type.rawValue)"
        guard let file = fopen(path, "wb") else { fatalError("cannot write \(path)") }
        _ = seed.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
        fclose(file)
    }
    return 0
}
