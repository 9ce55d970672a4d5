#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A non-blocking self-pipe: its read end is readable while signalled, quiet again once
/// drained. (Glibc's module does not export eventfd, so a pipe it is.)
struct WakeDescriptor: ~Copyable, Sendable {
    /// The end to poll.
    let fileDescriptor: Int32
    private let writeEnd: Int32

    init() {
        var ends: [Int32] = [-1, -1]
        precondition(pipe(&ends) == 0, "pipe() failed: errno \(errno)")
        for fd in ends {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
        fileDescriptor = ends[0]
        writeEnd = ends[1]
    }

    /// Makes the read end readable. Callers signal once per drain, so the pipe never fills.
    func signal() {
        var byte: UInt8 = 1
        while write(writeEnd, &byte, 1) < 0 && errno == EINTR {}
    }

    /// Makes the read end quiet again.
    func drain() {
        var bytes = (UInt64(0), UInt64(0))
        while true {
            let got = withUnsafeMutableBytes(of: &bytes) { read(fileDescriptor, $0.baseAddress, $0.count) }
            if got > 0 || (got < 0 && errno == EINTR) { continue }
            return  // 0 cannot happen while we hold the write end; -1 EAGAIN: empty
        }
    }

    deinit {
        close(fileDescriptor)
        close(writeEnd)
    }
}
