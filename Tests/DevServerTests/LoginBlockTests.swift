@testable import DevServer
import NIOCore
import Testing

/// The throttle against many addresses: blocks (/24, /64), a full table, and times out
/// of order.
@Suite("Login throttling by network block")
struct LoginBlockTests {
    static let second: UInt64 = 1_000_000_000

    static func throttle(_ configure: (inout LoginThrottleConfiguration) -> Void = { _ in }) -> LoginThrottle {
        var configuration = LoginThrottleConfiguration()
        configuration.maxFailures = 3
        configuration.maxFailuresPerBlock = 10
        configuration.failureWindow = .seconds(10)
        configuration.penalty = .seconds(5)
        configuration.maxPenalty = .seconds(20)
        configure(&configuration)
        return LoginThrottle(configuration: configuration)
    }

    static func source(_ address: String) -> LoginSource {
        LoginSource(try? SocketAddress(ipAddress: address, port: 0))
    }

    @Test("one failure each from many addresses of a /24 penalises the whole /24, not the next /24")
    func ipv4Block() {
        let throttle = Self.throttle()
        let now = 1000 * Self.second
        var penalty: LoginPenalty?
        for host in 1...10 {
            #expect(penalty == nil)
            penalty = throttle.loginFailed(from: Self.source("192.0.2.\(host)"), now: now + UInt64(host))
        }
        #expect(penalty == LoginPenalty(source: Self.source("192.0.2.0").prefix(ipv4: 24, ipv6: 64), duration: .seconds(5), failures: 10))
        #expect(penalty?.source.description == "192.0.2.0/24")
        // A fresh address of the block is refused too; the next block is not.
        #expect(throttle.penaltyRemaining(for: Self.source("192.0.2.200"), now: now + 20) != nil)
        #expect(throttle.penaltyRemaining(for: Self.source("192.0.3.1"), now: now + 20) == nil)
        #expect(throttle.penaltyRemaining(for: Self.source("192.0.2.200"), now: now + 10 + 5 * Self.second) == nil)
    }

    @Test("IPv6 counts by /64 by default, and by the configured prefix")
    func ipv6Block() {
        let defaults = Self.throttle()
        let now = 1000 * Self.second
        for host in 1...10 { defaults.loginFailed(from: Self.source("2001:db8:0:1::\(host)"), now: now) }
        #expect(defaults.penaltyRemaining(for: Self.source("2001:db8:0:1:abcd::1"), now: now) != nil)
        #expect(defaults.penaltyRemaining(for: Self.source("2001:db8:0:2::1"), now: now) == nil)
        // A /48: addresses in different /64s of it are one block.
        let wide = Self.throttle { $0.ipv6PrefixLength = 48 }
        for subnet in 1...10 { wide.loginFailed(from: Self.source("2001:db8:0:\(subnet)::1"), now: now) }
        #expect(wide.penaltyRemaining(for: Self.source("2001:db8:0:ffff::9"), now: now) != nil)
        #expect(wide.penaltyRemaining(for: Self.source("2001:db8:1::1"), now: now) == nil)
    }

    @Test("a block of one address (/32) counts addresses alone")
    func addressBlocks() {
        let throttle = Self.throttle { $0.ipv4PrefixLength = 32 }
        let now = 1000 * Self.second
        for host in 1...50 { #expect(throttle.loginFailed(from: Self.source("192.0.2.\(host)"), now: now) == nil) }
        #expect(throttle.penaltyRemaining(for: Self.source("192.0.2.60"), now: now) == nil)
    }

    @Test("a full table fails closed: untracked sources share one record; tracked ones are untouched")
    func fullTable() {
        let throttle = Self.throttle { $0.maxTrackedAddresses = 4 }
        let now = 1000 * Self.second
        // Two addresses and their blocks fill the table.
        throttle.loginFailed(from: Self.source("192.0.2.1"), now: now)
        throttle.loginFailed(from: Self.source("198.51.100.1"), now: now)
        #expect(throttle.trackedCount == 4)
        // Before the overflow record is penalised, an untracked source is not held back
        // (the right password logs in).
        #expect(throttle.penaltyRemaining(for: Self.source("203.0.113.1"), now: now) == nil)
        var penalty: LoginPenalty?
        for host in 1...10 {
            #expect(penalty == nil)
            penalty = throttle.loginFailed(from: Self.source("10.\(host).0.1"), now: now + UInt64(host))
        }
        #expect(penalty?.source == .overflow)
        #expect(penalty?.duration == .seconds(5))
        // Every untracked source is refused now, new ones too; the tracked ones are not.
        #expect(throttle.penaltyRemaining(for: Self.source("203.0.113.1"), now: now + 20) != nil)
        #expect(throttle.penaltyRemaining(for: Self.source("192.0.2.1"), now: now + 20) == nil)
        #expect(throttle.trackedCount == 4)
    }

    @Test("times out of order, from 0 to the largest, never trap and never move a penalty back")
    func outOfOrder() {
        var generator = SystemRandomNumberGenerator()
        let throttle = Self.throttle { $0.maxTrackedAddresses = 64 }
        let sources = (0..<100).map { Self.source("10.0.\($0 % 3).\($0)") }
        let edges: [UInt64] = [0, 1, UInt64(Int64.max) - 1, UInt64(Int64.max), .max - 1, .max]
        for step in 0..<20_000 {
            let now = step % 7 == 0 ? edges[step % edges.count] : UInt64.random(in: 0...(200 * Self.second), using: &generator)
            let source = sources[Int.random(in: 0..<sources.count, using: &generator)]
            switch step % 4 {
            case 0: throttle.loginFailed(from: source, now: now)
            case 1: _ = throttle.connectionOpened(from: source, now: now)
            case 2: throttle.connectionSettled(from: source)
            default:
                if let remaining = throttle.penaltyRemaining(for: source, now: now) { #expect(remaining > .zero) }
            }
        }
        #expect(throttle.trackedCount <= 64)
    }
}
