#if canImport(Glibc)
import Glibc
#endif

/// 127.0.0.1:`port` as the socket calls take it, for the tests' raw sockets.
public enum LoopbackAddress {
    /// Calls `body` (a bind or a connect) with the address and its length; returns its result.
    public static func with(port: Int, _ body: (UnsafePointer<sockaddr>, socklen_t) -> Int32) -> Int32 {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port)).bigEndian
        address.sin_addr.s_addr = in_addr_t(UInt32(0x7f00_0001).bigEndian)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                body($0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
    }

    /// True when a TCP socket could bind 127.0.0.1:`port` (it is released at once).
    public static func isFree(_ port: Int) -> Bool {
        attempt(port) { fd, address, length in bind(fd, address, length) }
    }

    /// True while something accepts connections on 127.0.0.1:`port`.
    public static func isListening(_ port: Int) -> Bool {
        attempt(port) { fd, address, length in connect(fd, address, length) }
    }

    private static func attempt(_ port: Int, _ call: (Int32, UnsafePointer<sockaddr>, socklen_t) -> Int32) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        return with(port: port) { call(fd, $0, $1) } == 0
    }
}
