#if canImport(Glibc)
import Glibc
#endif

/// The write end of the self-pipe, read by the signal handler. Set before any handler is
/// installed, so the handler only ever reads an initialised global.
nonisolated(unsafe) private var signalPipeWriteEnd: Int32 = -1

/// Turns signals into bytes on a pipe that the UI's `poll()` watches, so nothing but
/// `write(2)` runs in signal context (curses is never called from a handler).
///
/// Watched: SIGINT, SIGTERM, SIGHUP (quit), SIGTSTP (suspend), SIGCONT (resumed),
/// SIGWINCH (resize). Installed before curses starts, so ncurses leaves these alone.
final class SignalPipe {
    static let watched: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGTSTP, SIGCONT, SIGWINCH]

    /// Poll this for POLLIN; `drain()` returns the signals that arrived.
    let readEnd: Int32
    private let writeEnd: Int32

    init() throws {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else {
            throw TerminalError("Cannot create a pipe for signals: \(String(cString: strerror(errno))).")
        }
        for fd in fds {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
        readEnd = fds[0]
        writeEnd = fds[1]
    }

    deinit {
        close(readEnd)
        close(writeEnd)
    }

    /// Installs the handlers for every watched signal, and unblocks those signals in
    /// case the parent started us with them blocked (threads made later inherit this).
    func install() {
        signalPipeWriteEnd = writeEnd
        var set = sigset_t()
        sigemptyset(&set)
        for signalNumber in Self.watched {
            Self.installHandler(for: signalNumber)
            sigaddset(&set, signalNumber)
        }
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }

    /// Puts the default actions back.
    func uninstall() {
        for signalNumber in Self.watched {
            signal(signalNumber, SIG_DFL)
        }
    }

    static func installHandler(for signalNumber: Int32) {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { received in
            let saved = errno
            var byte = UInt8(truncatingIfNeeded: received)
            _ = write(signalPipeWriteEnd, &byte, 1)
            errno = saved
        }
        sigemptyset(&action.sa_mask)
        action.sa_flags = SA_RESTART
        sigaction(signalNumber, &action, nil)
    }

    /// The signals received since the last call, in order.
    func drain() -> [Int32] {
        var result: [Int32] = []
        var buffer = [UInt8](repeating: 0, count: 64)
        while true {
            let count = read(readEnd, &buffer, buffer.count)
            guard count > 0 else { break }
            result.append(contentsOf: buffer[0..<count].map { Int32($0) })
        }
        return result
    }
}
