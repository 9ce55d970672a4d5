#if canImport(Glibc)
import Glibc
#endif

/// This process's open file descriptors.
public enum Descriptors {
    /// Marks every socket of this process close-on-exec, so that a child about to be
    /// started keeps none of them. Pipes are left alone: Foundation's `Process` relies on
    /// the ones it hands its child.
    ///
    /// SwiftNIO opens its sockets without close-on-exec, and tests run in parallel: a
    /// `mousy` started by one test would otherwise hold other tests' sockets, a listening
    /// port among them, open after those tests closed them.
    public static func closeOnExecSockets() {
        guard let directory = opendir("/proc/self/fd") else { return }
        defer { closedir(directory) }
        let own = dirfd(directory)
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            guard let fd = Int32(name), fd > 2, fd != own else { continue }
            var info = stat()
            guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFSOCK else { continue }
            let flags = fcntl(fd, F_GETFD)
            if flags >= 0, flags & FD_CLOEXEC == 0 {
                _ = fcntl(fd, F_SETFD, flags | FD_CLOEXEC)
            }
        }
    }
}
