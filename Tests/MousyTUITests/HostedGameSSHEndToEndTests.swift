import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A bare `mousy --ssh-port` starts a game in the background (``HostedGame``) with an SSH
/// front of its own: the starter prints the same join line as `serve --ssh-port`, with the
/// fingerprint of the key the game presents, and the game keeps the SSH options given.
@Suite("a started game's SSH front", .serialized, .scaledTimeLimit(minutes: 2), .ownThreads)
struct HostedGameSSHEndToEndTests {
    @Test("mousy --ssh-port prints the join command and the key's ssh-keygen fingerprint; the game keeps --ssh-login-grace-s")
    func joinLineAndGrace() async throws {
        for tool in ["ssh-keyscan", "ssh-keygen"] {
            guard FileManager.default.isExecutableFile(atPath: "/usr/bin/\(tool)") else {
                throw Tmux.Failure(description: "\(tool) is required; install it (apt-get install -y openssh-client), as .ci/run does.")
            }
        }
        let (port, sshPort) = (QuietPort.next(), QuietPort.next())
        let tmux = try Tmux(columns: 120, rows: 30)
        defer { tmux.close() }
        let rcFile = tmux.directory.appendingPathComponent("rc").path
        let key = tmux.directory.appendingPathComponent("key").path
        let command = "TERM=xterm-256color XDG_CACHE_HOME=\(tmux.directory.path)/cache MOUSY_PORT=\(port) MOUSY_PASSWORD=sesame "
            + "\(try mousyExecutable()) --ssh-port \(sshPort) --ssh-host-key \(key) --ssh-login-grace-s 1 --end-when-empty-s 1"
        try tmux.type("sh -c 'trap \"\" INT; \(command); echo \"rc=$?\" > \(rcFile)'")
        #expect(try await tmux.waitForLogin() == port)

        // A connection that never authenticates is closed at the game's 1 s grace, not 120 s.
        let idle = try #require(Self.connect(port: sshPort))
        defer { close(idle) }
        #expect(await eventually { Self.isClosed(idle) }, "the unauthenticated connection outlived its 1 s grace")

        // The key the game really presents, through OpenSSH's own tools.
        let keygen = try await ChildProcess.run(
            "/bin/sh", ["-c", "ssh-keyscan -t ed25519 -p \(sshPort) 127.0.0.1 2>/dev/null | ssh-keygen -lf -"])
        #expect(keygen.status == 0, "\(keygen.stderr)")
        let fields = keygen.stdout.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: " ").map(String.init)
        #expect(fields.count == 4)

        try tmux.sendKey("q")
        try await waitUntil("mousy to exit", screen: tmux) { FileManager.default.fileExists(atPath: rcFile) }
        // Printed before the game took the screen, so it is there again once it has gone.
        let lines = try tmux.capture().split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(lines.contains("SSH up on 127.0.0.1:\(sshPort)"), "\(lines)")
        #expect(lines.contains("join with: ssh -p \(sshPort) NAME@127.0.0.1   (NAME: the name to play as; password: the one in $MOUSY_PASSWORD)"))
        if fields.count == 4 {
            #expect(lines.contains("host key:  \(fields[0]) \(fields[1]) \(fields[3])  (new)"), "\(lines)")
        }
        // The game's log says the same.
        let log = tmux.directory.appendingPathComponent("cache/mousy/server-\(port).log").path
        let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        #expect(text.contains("join with: ssh -p \(sshPort) NAME@127.0.0.1"), "\(text)")
        #expect(text.contains("not authenticated in time"), "\(text)")
    }

    /// A TCP connection to 127.0.0.1:`port`, non-blocking; nil when refused.
    private static func connect(port: Int) -> Int32? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = in_addr_t(UInt32(0x7f00_0001).bigEndian)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
        guard connected else {
            close(fd)
            return nil
        }
        return fd
    }

    /// True once the peer has closed `fd` (whatever it sent first is read and dropped).
    private static func isClosed(_ fd: Int32) -> Bool {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = recv(fd, &buffer, buffer.count, Int32(MSG_DONTWAIT))
            if count > 0 { continue }
            return count == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
        }
    }
}
