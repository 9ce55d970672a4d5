import NIOCore

/// Where a connection comes from, as login throttling counts it: an IPv4 address, or an
/// IPv6 address's /64 prefix (one host usually holds a whole /64, as OpenSSH assumes).
/// An IPv4-mapped IPv6 address counts as its IPv4 address.
struct LoginSource: Hashable, Sendable, CustomStringConvertible {
    /// The address or prefix as printed, e.g. `127.0.0.2` or `2001:db8:0:1::/64`.
    let description: String

    init(_ address: SocketAddress?) {
        switch address {
        case .v4(let v4)?:
            description = Self.text(ipv4: v4.address.sin_addr.s_addr.bigEndian)
        case .v6(let v6)?:
            var address = v6.address.sin6_addr
            let bytes = withUnsafeBytes(of: &address) { Array($0) }
            if bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xFF, bytes[11] == 0xFF {
                let v4 = bytes[12...].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
                description = Self.text(ipv4: v4)
            } else {
                let groups = (0..<4).map { String(UInt16(bytes[2 * $0]) << 8 | UInt16(bytes[2 * $0 + 1]), radix: 16) }
                description = groups.joined(separator: ":") + "::/64"
            }
        default:
            description = "unknown"
        }
    }

    init(description: String) {
        self.description = description
    }

    private static func text(ipv4 value: UInt32) -> String {
        "\(value >> 24).\((value >> 16) & 0xFF).\((value >> 8) & 0xFF).\(value & 0xFF)"
    }
}
