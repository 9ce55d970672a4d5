import DevServer
import Foundation
import GameUI
import Messages
import TestSupport
import Testing
@testable import MousyTUI

/// One box of the shared world, dragged by a raw peer (a TCP client, as the original's
/// Python client drags with `left_click`), seen alike by a 200x60 and an 80x24
/// `mousy play` and by a stock OpenSSH player, all in tmux.
// A hang fails the test by name instead of stalling the run.
@Suite("boxes in tmux", .serialized, .scaledTimeLimit(minutes: 3), .ownThreads)
struct ShapesEndToEndTests {
    /// A terminal looking at the world, and its play area.
    private struct Viewer {
        let name: String
        let tmux: Tmux
        let area: Rect
    }

    /// A world rectangle: [x, x+w) by [y, y+h), y up.
    private struct Rectangle: CustomStringConvertible {
        let x: Int32, y: Int32, w: Int32, h: Int32
        var description: String { "\(w)x\(h) at \(x),\(y)" }
    }

    /// Starts `mousy ARGUMENTS` in the tmux shell, as WorldEndToEndTests does.
    private func launch(_ tmux: Tmux, _ arguments: String) throws {
        let mousy = try mousyExecutable()
        try tmux.type("env -u LANG -u LC_ALL -u LC_CTYPE -u NO_COLOR TERM=xterm-256color XDG_CACHE_HOME=\(tmux.directory.path)/cache \(mousy) \(arguments)")
    }

    /// Starts a stock OpenSSH client in the tmux shell; its exit code lands in the returned file.
    private func ssh(_ tmux: Tmux, port: Int, user: String) throws -> String {
        for tool in ["ssh", "sshpass"] where !["/usr/bin", "/bin", "/usr/local/bin"].contains(where: {
            FileManager.default.isExecutableFile(atPath: "\($0)/\(tool)")
        }) {
            throw Tmux.Failure(description: "\(tool) is required for the SSH tests; install it (apt-get install -y openssh-client sshpass), as .ci/run does.")
        }
        let rcFile = tmux.directory.appendingPathComponent("rc-ssh").path
        let options = "-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -o NumberOfPasswordPrompts=1"
        try tmux.type("TERM=xterm-256color sshpass -p welcome ssh -tt -p \(port) \(options) \(user)@127.0.0.1; echo \"rc=$?\" > \(rcFile)")
        return rcFile
    }

    /// The cells the box glyphs cover in the play area: left and top inclusive, right and
    /// bottom exclusive, relative to the area; nil when there is none.
    private func drawnBox(_ viewer: Viewer) throws -> (left: Int, right: Int, top: Int, bottom: Int)? {
        let lines = try viewer.tmux.capture().split(separator: "\n", omittingEmptySubsequences: false).map(Array.init)
        var extent: (left: Int, right: Int, top: Int, bottom: Int)?
        let area = viewer.area
        // A screen still being drawn may be shorter than the area: only the cells it has.
        for row in area.y..<max(area.y, min(area.maxY, lines.count)) {
            for column in area.x..<max(area.x, min(area.maxX, lines[row].count)) {
                let cell = String(lines[row][column])
                guard cell == ObjectPainter.freeGlyph || cell == ObjectPainter.heldGlyph else { continue }
                let (c, r) = (column - area.x, row - area.y)
                extent = extent.map { (min($0.left, c), max($0.right, c + 1), min($0.top, r), max($0.bottom, r + 1)) }
                    ?? (c, c + 1, r, r + 1)
            }
        }
        return extent
    }

    /// Whether `viewer` draws one box where `box` lies in the 800 x 600 world: each side
    /// within a cell of the world rectangle scaled to the play area.
    private func drawsBox(_ viewer: Viewer, at box: Rectangle) throws -> Bool {
        guard let drawn = try drawnBox(viewer) else { return false }
        let (width, height) = (Double(viewer.area.width), Double(viewer.area.height))
        let left = Double(box.x) / 800 * width
        let right = Double(box.x + box.w) / 800 * width
        let top = (600 - Double(box.y + box.h)) / 600 * height
        let bottom = (600 - Double(box.y)) / 600 * height
        return abs(Double(drawn.left) - left) <= 1 && abs(Double(drawn.right) - right) <= 1
            && abs(Double(drawn.top) - top) <= 1 && abs(Double(drawn.bottom) - bottom) <= 1
    }

    private func waitForBox(_ viewers: [Viewer], at box: Rectangle, _ what: String) async throws {
        for viewer in viewers {
            try await waitUntil("\(viewer.name) to draw the box \(what) (\(box)); drawn: \(String(describing: try? drawnBox(viewer)))",
                                screen: viewer.tmux) { try drawsBox(viewer, at: box) }
        }
    }

    @Test("a raw peer drags a box from the centre to the top-right: a 200x60 and an 80x24 mousy play and an SSH player draw it there, within a cell; an original-like peer, sent no box, drags it too")
    func dragSeenAlike() async throws {
        let servers = try await SSHEndToEndTests.Servers.start { $0.shapes = 1 }
        let peer = try await servers.gameServerLogin("peer", understands: MType.framed)
        let old = try await servers.gameServerLogin("old", understands: [])  // the original client
        func next(_ what: String, _ matches: @escaping (GameObject) -> Bool) async throws -> GameObject {
            try await peer.next(what) { if case .gameObject(let o) = $0, matches(o) { o } else { nil } }
        }
        let box = try await next("the world's box") { $0.id == 1 }
        let (w, h) = (Int32(box.w), Int32(box.h))

        let big = try Tmux(columns: 200, rows: 60)
        defer { big.close() }
        let small = try Tmux(columns: 80, rows: 24)
        defer { small.close() }
        let remote = try Tmux(columns: 100, rows: 30)
        defer { remote.close() }
        try launch(big, "play --server 127.0.0.1:\(servers.gamePort) --user big")
        try launch(small, "play --server 127.0.0.1:\(servers.gamePort) --user small")
        let rcFile = try ssh(remote, port: servers.ssh.port, user: "carol")
        let viewers = [
            Viewer(name: "the 200x60 play", tmux: big, area: Layout(columns: 200, rows: 60).playArea),
            Viewer(name: "the 80x24 play", tmux: small, area: Layout(columns: 80, rows: 24).playArea),
            Viewer(name: "the SSH player", tmux: remote, area: Layout(columns: 100, rows: 30).playArea),
        ]
        for viewer in viewers {
            try await waitUntil("\(viewer.name) to log in and count the box with the tick rate", screen: viewer.tmux) {
                let screen = try viewer.tmux.capture()
                return screen.contains("logged in") && screen.contains("objects 1 · 20 Hz")
            }
        }

        // To the centre: pressed over the box's middle, dragged, released, and the pointer
        // taken to the bottom-left corner, away from the box.
        let grab = (x: box.x + w / 2, y: box.y + h / 2)
        try await peer.send(.mouseMove(.with { ($0.x, $0.y, $0.leftClick) = (grab.x, grab.y, true) }))
        _ = try await next("the box picked up") { $0.holder == "peer" }
        try await peer.send(.mouseMove(.with { ($0.x, $0.y, $0.leftClick) = (400, 300, true) }))
        try await peer.send(.mouseMove(.with { ($0.x, $0.y, $0.leftClick) = (400, 300, false) }))
        let centred = try await next("the box dropped in the centre") { $0.holder.isEmpty }
        #expect(centred.x == 400 - (grab.x - box.x) && centred.y == 300 - (grab.y - box.y))
        try await peer.move(x: 0, y: 0)
        try await waitForBox(viewers, at: Rectangle(x: centred.x, y: centred.y, w: w, h: h), "in the centre")

        // To the top-right corner, the same way.
        try await peer.send(.mouseMove(.with { ($0.x, $0.y, $0.leftClick) = (400, 300, true) }))
        _ = try await next("the box picked up in the centre") { $0.holder == "peer" }
        let corner = (x: 800 - w + (400 - centred.x), y: 600 - h + (300 - centred.y))
        try await peer.send(.mouseMove(.with { ($0.x, $0.y, $0.leftClick) = (corner.x, corner.y, true) }))
        try await peer.send(.mouseMove(.with { ($0.x, $0.y, $0.leftClick) = (corner.x, corner.y, false) }))
        let cornered = try await next("the box dropped in the top-right corner") { $0.holder.isEmpty }
        #expect(cornered.x == 800 - w && cornered.y == 600 - h)
        try await peer.move(x: 0, y: 0)
        try await waitForBox(viewers, at: Rectangle(x: cornered.x, y: cornered.y, w: w, h: h), "in the top-right corner")

        // The original's client lists no kinds and is sent no box, yet its `left_click`
        // drags one all the same: from the corner to the bottom-left quarter.
        let press = (x: cornered.x + w / 2, y: cornered.y + h / 2)
        try await old.send(.mouseMove(.with { ($0.x, $0.y, $0.leftClick) = (press.x, press.y, true) }))
        _ = try await next("the box picked up by the original's client") { $0.holder == "old" }
        try await old.send(.mouseMove(.with { ($0.x, $0.y, $0.leftClick) = (200, 150, true) }))
        try await old.send(.mouseMove(.with { ($0.x, $0.y, $0.leftClick) = (200, 150, false) }))
        let quarter = try await next("the box dropped by the original's client") { $0.holder.isEmpty }
        #expect(quarter.x == 200 - w / 2 && quarter.y == 150 - h / 2)
        try await old.move(x: 0, y: 0)
        try await waitForBox(viewers, at: Rectangle(x: quarter.x, y: quarter.y, w: w, h: h), "where the original's client left it")

        // The peer that listed no kinds was sent no object, and is still in the game.
        _ = try await old.nextPing()
        #expect(try await old.received().allSatisfy { if case .gameObject = $0 { false } else { true } })
        #expect(old.isOpen)

        for tmux in [big, small, remote] { try tmux.sendKey("q") }
        try await waitUntil("ssh to exit", screen: remote) {
            (try? String(contentsOfFile: rcFile, encoding: .utf8))?.contains("rc=0") == true
        }
        for tmux in [big, small] {
            try await waitUntil("mousy to exit", screen: tmux) { try tmux.display("#{alternate_on}") == "0" }
        }
        await peer.close()
        await old.close()
        await servers.stop()
    }
}

extension SSHEndToEndTests.Servers {
    /// A raw TCP player on the game server, listing `understands`.
    fileprivate func gameServerLogin(_ username: String, understands: [MType]) async throws -> TestClient {
        let (client, result) = try await TestClient.login(port: gamePort, username: username, understands: understands)
        guard result.ok else { throw TestClient.Failure.unexpected("login of \(username) refused: \(result.reason)") }
        return client
    }
}
