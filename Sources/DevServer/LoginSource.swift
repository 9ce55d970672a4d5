import NIOCore

/// Where a connection comes from, as login throttling counts it: an address, or the
/// network block (prefix) that holds it (``prefix(ipv4:ipv6:)``), as OpenSSH's
/// PerSourceNetBlockSize counts. An IPv4-mapped IPv6 address counts as its IPv4 address.
struct LoginSource: Hashable, Sendable, CustomStringConvertible {
    enum Family: UInt8, Sendable {
        case ipv4, ipv6, unknown
    }

    let family: Family
    /// The address's bits from the left: an IPv4 address fills the top 32 bits of `high`.
    let high: UInt64
    let low: UInt64
    /// How many of the leading bits count: 32 or 128 for an address, fewer for a block.
    let length: Int

    init(_ address: SocketAddress?) {
        switch address {
        case .v4(let v4)?:
            self.init(ipv4: v4.address.sin_addr.s_addr.bigEndian)
        case .v6(let v6)?:
            var address = v6.address.sin6_addr
            let bytes = withUnsafeBytes(of: &address) { Array($0) }
            if bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xFF, bytes[11] == 0xFF {
                self.init(ipv4: bytes[12...].reduce(UInt32(0)) { $0 << 8 | UInt32($1) })
            } else {
                let high = bytes[0..<8].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
                let low = bytes[8..<16].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
                self.init(family: .ipv6, high: high, low: low, length: 128)
            }
        default:
            self.init(family: .unknown, high: 0, low: 0, length: 0)
        }
    }

    init(ipv4 value: UInt32) {
        self.init(family: .ipv4, high: UInt64(value) << 32, low: 0, length: 32)
    }

    private init(family: Family, high: UInt64, low: UInt64, length: Int) {
        self.family = family
        self.high = high
        self.low = low
        self.length = length
    }

    /// Stands for every source the throttle has no room for.
    static let overflow = LoginSource(family: .unknown, high: 0, low: 0, length: -1)

    /// The block of `ipv4` (IPv4) or `ipv6` (IPv6) leading bits that holds this address.
    func prefix(ipv4: Int, ipv6: Int) -> LoginSource {
        switch family {
        case .ipv4:
            let bits = min(max(ipv4, 0), 32)
            return LoginSource(family: .ipv4, high: high & Self.mask(bits), low: 0, length: bits)
        case .ipv6:
            let bits = min(max(ipv6, 0), 128)
            return LoginSource(
                family: .ipv6, high: high & Self.mask(min(bits, 64)), low: low & Self.mask(max(bits - 64, 0)), length: bits
            )
        case .unknown:
            return self
        }
    }

    /// `bits` leading one bits (Swift's `<<` gives 0 when shifting by 64).
    private static func mask(_ bits: Int) -> UInt64 {
        bits == 0 ? 0 : UInt64.max << (64 - bits)
    }

    /// The address as printed (`127.0.0.2`, `2001:db8::5`), a block with its length
    /// (`127.0.0.0/24`, `2001:db8:0:1::/64`).
    var description: String {
        let suffix: String
        switch family {
        case .ipv4:
            let value = UInt32(truncatingIfNeeded: high >> 32)
            let text = "\(value >> 24).\((value >> 16) & 0xFF).\((value >> 8) & 0xFF).\(value & 0xFF)"
            return length == 32 ? text : "\(text)/\(length)"
        case .ipv6:
            suffix = length == 128 ? "" : "/\(length)"
        case .unknown:
            return length < 0 ? "unknown (throttle table full)" : "unknown"
        }
        var bytes = ByteBuffer()
        bytes.writeInteger(high)
        bytes.writeInteger(low)
        let text = (try? SocketAddress(packedIPAddress: bytes, port: 0))?.ipAddress ?? "?"
        return text + suffix
    }
}
