import Foundation
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// A network namespace joined to this one by a veth pair, made by the test and removed
/// after it: the host end 169.254.N.1, the namespace's end 169.254.N.2, N from the process
/// id (two test runs at once must not share a subnet). Needs root and `ip netns`
/// (``isAvailable``).
struct VethLink {
    let namespace: String
    let hostInterface: String
    let peerInterface: String
    private static let subnet = 1 + getpid() % 250
    let hostAddress = "169.254.\(Self.subnet).1"
    let peerAddress = "169.254.\(Self.subnet).2"

    /// Whether this machine lets the tests make namespaces and veth pairs.
    static let isAvailable: Bool = {
        guard getuid() == 0 else { return false }
        let probe = "mousy-probe-\(getpid())"
        guard (try? ip(["netns", "add", probe])) != nil else { return false }
        _ = try? ip(["netns", "del", probe])
        return true
    }()

    static func make() throws -> VethLink {
        let suffix = "\(getpid() % 100_000)"
        let link = VethLink(namespace: "mousy-\(suffix)", hostInterface: "mvh\(suffix)", peerInterface: "mvp\(suffix)")
        _ = try? ip(["netns", "del", link.namespace])  // a leftover of a killed run
        _ = try? ip(["link", "del", link.hostInterface])
        try ip(["netns", "add", link.namespace])
        do {
            try ip(["link", "add", link.hostInterface, "type", "veth", "peer", "name", link.peerInterface])
            try ip(["link", "set", link.peerInterface, "netns", link.namespace])
            try ip(["addr", "add", "\(link.hostAddress)/30", "dev", link.hostInterface])
            try ip(["link", "set", link.hostInterface, "up"])
            try link.inside(["addr", "add", "\(link.peerAddress)/30", "dev", link.peerInterface])
            try link.inside(["link", "set", link.peerInterface, "up"])
            try link.inside(["link", "set", "lo", "up"])
        } catch {
            link.remove()
            throw error
        }
        return link
    }

    /// The namespace's end of the link goes down: the host end keeps its address and
    /// route, and whatever it sends is lost.
    func cut() throws {
        try inside(["link", "set", peerInterface, "down"])
    }

    func remove() {
        _ = try? Self.ip(["link", "del", hostInterface])
        _ = try? Self.ip(["netns", "del", namespace])
    }

    /// Starts `arguments` inside the namespace.
    func spawn(_ arguments: [String]) throws -> ChildProcess {
        try ChildProcess.start("/usr/sbin/ip", ["netns", "exec", namespace] + arguments)
    }

    private func inside(_ arguments: [String]) throws {
        try Self.ip(["netns", "exec", namespace, "ip"] + arguments)
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Runs `ip ARGUMENTS` to its end; throws unless it exits 0.
    static func ip(_ arguments: [String]) throws {
        let run = try ChildProcess.run("/usr/sbin/ip", arguments)
        guard run.status == 0 else {
            throw Failure(description: "ip \(arguments.joined(separator: " ")) failed (\(run.status)): \(run.stderr)")
        }
    }
}
