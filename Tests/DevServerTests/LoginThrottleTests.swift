@testable import DevServer
import NIOCore
import NIOPosix
import Testing

@Suite("Login throttling")
struct LoginThrottleTests {
    static let second: UInt64 = 1_000_000_000
    static let attacker = source("127.0.0.2")
    static let bystander = source("127.0.0.3")

    static func source(_ address: String) -> LoginSource {
        LoginSource(try? SocketAddress(ipAddress: address, port: 0))
    }

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
        #expect(throttle.loginFailed(from: Self.attacker, now: t0 + 2)?.duration == .seconds(5))
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
            var penalty: LoginPenalty?
            while penalty == nil {
                penalty = throttle.loginFailed(from: Self.attacker, now: now)
                now += 1
            }
            penalties.append(penalty!.duration)
            now += UInt64(penalty!.duration.nanoseconds)  // waits it out, then fails again
        }
        #expect(penalties == [.seconds(5), .seconds(10), .seconds(20), .seconds(20)])
        // Quiet for the longest penalty after the last one ended: back to the first penalty.
        now += 20 * Self.second
        for _ in 0..<2 { throttle.loginFailed(from: Self.attacker, now: now) }
        #expect(throttle.loginFailed(from: Self.attacker, now: now)?.duration == .seconds(5))
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

    @Test("the table of addresses is bounded; once failures are old, a sweep makes room again")
    func bounded() {
        let throttle = Self.throttle { $0.maxTrackedAddresses = 100 }
        let now = 1000 * Self.second
        for i in 0..<1000 {
            throttle.loginFailed(from: Self.source("10.0.\(i / 256).\(i % 256)"), now: now)
        }
        #expect(throttle.trackedCount <= 100)
        // Once their failures are old, a sweep makes room again.
        let later = now + 60 * Self.second
        for _ in 0..<3 { throttle.loginFailed(from: Self.attacker, now: later) }
        #expect(throttle.penaltyRemaining(for: Self.attacker, now: later) != nil)
    }

    @Test("sources: addresses as they are, blocks by prefix, IPv4-mapped IPv6 as IPv4")
    func sources() throws {
        #expect(LoginSource(try SocketAddress(ipAddress: "127.0.0.2", port: 5)).description == "127.0.0.2")
        let a = LoginSource(try SocketAddress(ipAddress: "2001:db8:0:1::5", port: 5))
        let b = LoginSource(try SocketAddress(ipAddress: "2001:db8:0:1:ffff::9", port: 6))
        #expect(a != b)
        #expect(a.description == "2001:db8:0:1::5")
        #expect(a.prefix(ipv4: 24, ipv6: 64) == b.prefix(ipv4: 24, ipv6: 64))
        #expect(a.prefix(ipv4: 24, ipv6: 64).description == "2001:db8:0:1::/64")
        #expect(a.prefix(ipv4: 24, ipv6: 48).description == "2001:db8::/48")
        #expect(a.prefix(ipv4: 24, ipv6: 128) == a)
        #expect(a.prefix(ipv4: 24, ipv6: 72) != b.prefix(ipv4: 24, ipv6: 72))
        #expect(LoginSource(try SocketAddress(ipAddress: "::ffff:10.1.2.3", port: 5)).description == "10.1.2.3")
        let v4 = Self.source("10.1.2.3")
        #expect(v4.prefix(ipv4: 24, ipv6: 64).description == "10.1.2.0/24")
        #expect(v4.prefix(ipv4: 16, ipv6: 64) == Self.source("10.1.99.7").prefix(ipv4: 16, ipv6: 64))
        #expect(v4.prefix(ipv4: 32, ipv6: 64) == v4)
        #expect(v4.prefix(ipv4: 0, ipv6: 64).description == "0.0.0.0/0")
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

    @Test("times that arrive out of order never trap and never shorten a penalty (property)")
    func outOfOrderTimes() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let throttle = Self.throttle { $0.maxTrackedAddresses = 4 }
            let base = UInt64.random(in: 0...(1000 * Self.second), using: &generator)
            var latest: UInt64 = 0
            for _ in 0..<300 {
                // Any time around base, earlier or later than the ones already seen.
                let now = base &+ UInt64.random(in: 0...(40 * Self.second), using: &generator)
                latest = max(latest, now)
                let source = Self.source("10.0.0.\(Int.random(in: 0..<8, using: &generator))")
                switch Int.random(in: 0..<4, using: &generator) {
                case 0:
                    if let penalty = throttle.loginFailed(from: source, now: now) {
                        #expect(penalty.duration > .zero)
                        // A penalty counts from the latest time seen, never from an earlier
                        // one (a longer one of the source's block may still run).
                        #expect(throttle.penaltyRemaining(for: source, now: 0).map { $0 >= penalty.duration } == true)
                    }
                case 1: _ = throttle.connectionOpened(from: source, now: now)
                case 2: throttle.connectionSettled(from: source)
                default: _ = throttle.penaltyRemaining(for: source, now: now)
                }
            }
            #expect(throttle.trackedCount <= 8)
        }
    }

    @Test("failures recorded from several event loops at once, same and different addresses")
    func concurrentLoops() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 4)
        let throttle = Self.throttle { $0.maxFailures = 5; $0.maxTrackedAddresses = 64 }
        let shared = Self.source("127.0.0.2")
        // Each loop reads its clock before the lock, as the login desk does, so times reach
        // the lock out of order; with many rounds that hit the race every time it existed.
        var futures: [EventLoopFuture<Int>] = []
        for loop in 0..<4 {
            let eventLoop = group.next()
            futures.append(eventLoop.submit {
                var penalties = 0
                for i in 0..<20_000 {
                    let now = NIODeadline.now().uptimeNanoseconds
                    let source = i % 3 == 0 ? shared : Self.source("10.\(loop).0.\(i % 200)")
                    if throttle.loginFailed(from: source, now: now) != nil { penalties += 1 }
                    _ = throttle.penaltyRemaining(for: source, now: now)
                    if throttle.connectionOpened(from: source, now: now) { throttle.connectionSettled(from: source) }
                }
                return penalties
            })
        }
        var total = 0
        for future in futures { total += try await future.get() }
        try await group.shutdownGracefully()
        #expect(total > 0)
        #expect(throttle.trackedCount <= 64)
        // At the latest time the throttle saw (time 0 is taken as that), the shared address,
        // failing every third login on every loop, is still penalised.
        #expect(throttle.penaltyRemaining(for: shared, now: 0) != nil)
    }
}
