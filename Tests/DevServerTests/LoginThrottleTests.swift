@testable import DevServer
import NIOCore
import Testing

@Suite("Login throttling")
struct LoginThrottleTests {
    static let second: UInt64 = 1_000_000_000
    static let attacker = LoginSource(description: "127.0.0.2")
    static let bystander = LoginSource(description: "127.0.0.3")

    static func throttle(_ configure: (inout LoginThrottleConfiguration) -> Void = { _ in }) -> LoginThrottle {
        var configuration = LoginThrottleConfiguration()
        configuration.maxFailures = 3
        configuration.failureWindow = .seconds(10)
        configuration.penalty = .seconds(5)
        configuration.maxPenalty = .seconds(20)
        configure(&configuration)
        return LoginThrottle(configuration: configuration)
    }

    @Test("failures within the window start a penalty for that address only; it ends on time")
    func penalty() {
        let throttle = Self.throttle()
        let t0 = 1000 * Self.second
        #expect(throttle.loginFailed(from: Self.attacker, now: t0) == nil)
        #expect(throttle.loginFailed(from: Self.attacker, now: t0 + 1) == nil)
        #expect(throttle.penaltyRemaining(for: Self.attacker, now: t0 + 2) == nil)
        #expect(throttle.loginFailed(from: Self.attacker, now: t0 + 2) == .seconds(5))
        #expect(throttle.penaltyRemaining(for: Self.attacker, now: t0 + 2) == .seconds(5))
        #expect(throttle.penaltyRemaining(for: Self.attacker, now: t0 + 2 + 4 * Self.second) == .seconds(1))
        #expect(throttle.penaltyRemaining(for: Self.bystander, now: t0 + 2) == nil)
        #expect(throttle.penaltyRemaining(for: Self.attacker, now: t0 + 2 + 5 * Self.second) == nil)
    }

    @Test("failures spread wider than the window start no penalty")
    func window() {
        let throttle = Self.throttle()
        var now = 1000 * Self.second
        for _ in 0..<10 {
            #expect(throttle.loginFailed(from: Self.attacker, now: now) == nil)
            now += 6 * Self.second  // two failures per window at most
        }
    }

    @Test("each further penalty doubles, up to the cap; a quiet address is forgiven")
    func doubling() {
        let throttle = Self.throttle()
        var now = 1000 * Self.second
        var penalties: [TimeAmount] = []
        for _ in 0..<4 {
            var penalty: TimeAmount?
            while penalty == nil {
                penalty = throttle.loginFailed(from: Self.attacker, now: now)
                now += 1
            }
            penalties.append(penalty!)
            now += UInt64(penalty!.nanoseconds)  // waits it out, then fails again
        }
        #expect(penalties == [.seconds(5), .seconds(10), .seconds(20), .seconds(20)])
        // Quiet for the longest penalty after the last one ended: back to the first penalty.
        now += 20 * Self.second
        for _ in 0..<2 { throttle.loginFailed(from: Self.attacker, now: now) }
        #expect(throttle.loginFailed(from: Self.attacker, now: now) == .seconds(5))
    }

    @Test("max failures 0 turns penalties off")
    func off() {
        let throttle = Self.throttle { $0.maxFailures = 0 }
        for i in 0..<100 { #expect(throttle.loginFailed(from: Self.attacker, now: UInt64(i)) == nil) }
    }

    @Test("connections waiting to log in are capped per address; settling frees a place")
    func pendingCap() {
        let throttle = Self.throttle { $0.maxPendingPerAddress = 2 }
        #expect(throttle.connectionOpened(from: Self.attacker, now: 1))
        #expect(throttle.connectionOpened(from: Self.attacker, now: 2))
        #expect(!throttle.connectionOpened(from: Self.attacker, now: 3))
        #expect(throttle.connectionOpened(from: Self.bystander, now: 3))
        throttle.connectionSettled(from: Self.attacker)
        #expect(throttle.connectionOpened(from: Self.attacker, now: 4))
        // Well-behaved sources are forgotten once their connections settle.
        throttle.connectionSettled(from: Self.bystander)
        throttle.connectionSettled(from: Self.attacker)
        throttle.connectionSettled(from: Self.attacker)
        #expect(throttle.trackedCount == 0)
    }

    @Test("the table of addresses is bounded; a full table lets new addresses through")
    func bounded() {
        let throttle = Self.throttle { $0.maxTrackedAddresses = 100 }
        let now = 1000 * Self.second
        for i in 0..<1000 {
            throttle.loginFailed(from: LoginSource(description: "10.0.\(i / 256).\(i % 256)"), now: now)
        }
        #expect(throttle.trackedCount <= 100)
        // Once their failures are old, a sweep makes room again.
        let later = now + 60 * Self.second
        for _ in 0..<3 { throttle.loginFailed(from: Self.attacker, now: later) }
        #expect(throttle.penaltyRemaining(for: Self.attacker, now: later) != nil)
    }

    @Test("sources: IPv4 as is, IPv6 by /64, IPv4-mapped IPv6 as IPv4")
    func sources() throws {
        #expect(LoginSource(try SocketAddress(ipAddress: "127.0.0.2", port: 5)).description == "127.0.0.2")
        let a = LoginSource(try SocketAddress(ipAddress: "2001:db8:0:1::5", port: 5))
        let b = LoginSource(try SocketAddress(ipAddress: "2001:db8:0:1:ffff::9", port: 6))
        #expect(a == b)
        #expect(a.description == "2001:db8:0:1::/64")
        #expect(LoginSource(try SocketAddress(ipAddress: "::ffff:10.1.2.3", port: 5)).description == "10.1.2.3")
    }

    @Test("repeated log lines: one per second per kind, the rest counted")
    func repeatedLines() {
        var lines = RepeatedLines()
        let t0 = 1000 * Self.second
        #expect(lines.admit("bad credentials", now: t0) == 0)
        for i in 1...500 { #expect(lines.admit("bad credentials", now: t0 + UInt64(i)) == nil) }
        #expect(lines.admit("server full", now: t0 + 10) == 0)
        #expect(lines.isHoldingBack)
        #expect(lines.due(now: t0 + Self.second / 2).isEmpty)
        #expect(lines.due(now: t0 + Self.second).map(\.count) == [500])
        #expect(!lines.isHoldingBack)
        #expect(lines.admit("bad credentials", now: t0 + Self.second + 1) == nil)
        #expect(lines.admit("bad credentials", now: t0 + 2 * Self.second) == 1)
    }
}
