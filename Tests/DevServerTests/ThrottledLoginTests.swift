import DevServer
import Messages
import NIOCore
import TestSupport
import Testing

/// Throttling against a real server: distinct source addresses on loopback (the client
/// sockets bound to 127.0.0.2 and 127.0.0.3) stand for distinct hosts.
@Suite("Login throttling on a real server")
struct ThrottledLoginTests {
    @Test("an address guessing passwords is refused with a wait; another address logs in at once")
    func attackerThrottledBystanderNot() async throws {
        try await withTestServer({
            $0.throttle.maxFailures = 5
            // Windows far longer than the test, which takes a minute on a loaded machine:
            // no failure ages out and no penalty expires by accident.
            $0.throttle.failureWindow = .seconds(3600)
            $0.throttle.penalty = .seconds(3600)
            $0.throttle.maxPenalty = .seconds(3600)
        }) { server in
            for attempt in 0..<5 {
                let (client, result) = try await TestClient.login(
                    port: server.port, username: "victim", password: "guess\(attempt)", from: "127.0.0.2")
                #expect(result.reason == "bad credentials")
                _ = try await client.waitForClose()
            }
            // Now even the right password is refused, with the wait in the reason.
            let (refused, result) = try await TestClient.login(port: server.port, username: "victim", from: "127.0.0.2")
            #expect(!result.ok)
            #expect(result.reason.hasPrefix("too many failed logins from your address: try again in "))
            #expect(result.reason.hasSuffix(" s"))
            let seconds = Int(result.reason.split(separator: " ").dropLast().last ?? "")
            #expect(seconds.map { (1...3600).contains($0) } == true)
            _ = try await refused.waitForClose()
            // The bystander is not slowed: the next login from 127.0.0.3 is granted.
            let (bystander, welcome) = try await TestClient.login(port: server.port, username: "victim", from: "127.0.0.3")
            #expect(welcome.ok)
            _ = try await bystander.nextPing()
            #expect(server.logs.contains("Refusing logins from 127.0.0.2 for 3600 s: 5 failed logins within 3600 s"))
            await bystander.close()
        }
    }

    @Test("256 addresses of one /24 guessing once each are penalised together; another /24 and right passwords are not")
    func wholeBlockPenalised() async throws {
        try await withTestServer({
            $0.throttle.maxFailures = 5
            $0.throttle.maxFailuresPerBlock = 20
            $0.throttle.failureWindow = .seconds(3600)
            $0.throttle.penalty = .seconds(3600)
            $0.throttle.maxPenalty = .seconds(3600)
        }) { server in
            // A right password is no failure: it counts for nothing.
            let (first, welcome) = try await TestClient.login(port: server.port, username: "early", from: "127.0.5.1")
            #expect(welcome.ok)
            var refusedWithWait = 0
            for host in 0..<256 {
                let (client, result) = try await TestClient.login(
                    port: server.port, username: "victim", password: "guess\(host)", from: "127.0.5.\(host)")
                #expect(!result.ok)
                if result.reason.hasPrefix("too many failed logins") { refusedWithWait += 1 }
                _ = try await client.waitForClose()
            }
            // The first 20 were wrong passwords; every later one was refused before its password was read.
            #expect(refusedWithWait == 256 - 20)
            #expect(server.logs.contains("Refusing logins from 127.0.5.0/24 for 3600 s: 20 failed logins within 3600 s"))
            // Even the right password is refused from the block now; another /24 plays.
            let (refused, result) = try await TestClient.login(port: server.port, username: "late", from: "127.0.5.77")
            #expect(result.reason.hasPrefix("too many failed logins"))
            _ = try await refused.waitForClose()
            let (bystander, admitted) = try await TestClient.login(port: server.port, username: "late", from: "127.0.6.1")
            #expect(admitted.ok)
            await bystander.close()
            await first.close()
        }
    }

    @Test("a malformed name is no failed login: it never penalises the address")
    func malformedNotCounted() async throws {
        try await withTestServer({ $0.throttle.maxFailures = 2 }) { server in
            for _ in 0..<5 {
                let (client, result) = try await TestClient.login(port: server.port, username: "bad\u{200B}name", from: "127.0.0.2")
                #expect(result.reason == "malformed login: username must be printable characters")
                _ = try await client.waitForClose()
            }
            let (player, welcome) = try await TestClient.login(port: server.port, username: "good", from: "127.0.0.2")
            #expect(welcome.ok)
            await player.close()
        }
    }

    @Test("too many connections waiting to log in from one address: the next is refused, others are not")
    func pendingCap() async throws {
        try await withTestServer({ $0.throttle.maxPendingPerAddress = 3 }) { server in
            var waiting: [TestClient] = []
            for _ in 0..<3 { waiting.append(try await TestClient.connect(port: server.port, from: "127.0.0.2")) }
            try await server.waitForStats { $0.connections == 3 }
            let extra = try await TestClient.connect(port: server.port, from: "127.0.0.2")
            let answer = try await extra.next("LOGIN_RESULT") { message -> LoginResult? in
                if case .loginResult(let result) = message { return result } else { return nil }
            }
            #expect(answer.reason == "too many connections from your address waiting to log in")
            _ = try await extra.waitForClose()
            let (bystander, welcome) = try await TestClient.login(port: server.port, username: "bystander", from: "127.0.0.3")
            #expect(welcome.ok)
            // One of the waiting ones logs in: a place is free again for that address.
            #expect(try await waiting[0].login(username: "late").ok)
            let (another, result) = try await TestClient.login(port: server.port, username: "another", from: "127.0.0.2")
            #expect(result.ok)
            for client in waiting + [bystander, another] { await client.close() }
        }
    }

    @Test("under a flood of bad logins the log stays readable: repeated lines are summarised")
    func summarisedLog() async throws {
        try await withTestServer({ $0.throttle.maxFailures = 0 }) { server in
            for attempt in 0..<40 {
                let (client, result) = try await TestClient.login(
                    port: server.port, username: "victim", password: "guess\(attempt)", from: "127.0.0.2")
                #expect(result.reason == "bad credentials")
                _ = try await client.waitForClose()
            }
            let written = server.logs.count(containing: "Login refused for 127.0.0.2")
            #expect(written >= 1)
            // Every refusal is accounted for: written, or counted in a summary or a later line.
            let accounted = await eventually {
                let lines = server.logs.all.filter { $0.contains("bad credentials") }
                let counted = lines.reduce(0) { total, line in
                    if let range = line.range(of: " more like \"bad credentials\" in the last second") {
                        return total + (Int(line[..<range.lowerBound].split(separator: " ").last ?? "") ?? 0)
                    }
                    if let range = line.range(of: " more like it held back") {
                        return total + 1 + (Int(line[..<range.lowerBound].split(separator: " ").last ?? "") ?? 0)
                    }
                    return total + 1
                }
                return counted == 40
            }
            #expect(accounted, "every refusal is written or counted: \(server.logs.all)")
            #expect(server.logs.count(containing: "bad credentials") < 40)
        }
    }
}
