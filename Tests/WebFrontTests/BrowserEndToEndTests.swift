import Foundation
import Messages
import TestSupport
import Testing

/// The web front in real Chromium (Debian's, headless, through Selenium): a browser
/// player is a player like any other, beside raw TCP peers of the binary protocol.
@Suite(.serialized, .timeLimit(.minutes(5)))
struct BrowserEndToEndTests {
    /// The roster item of `name` on the page, as a JS expression.
    private static func item(_ name: String) -> String {
        "[...document.querySelectorAll('#players li')].find((li) => li.dataset.name === \(jsString(name)))"
    }

    /// `text` as a JS string literal.
    private static func jsString(_ text: String) -> String {
        "\"" + text.unicodeScalars.map { $0.isASCII && $0 != "\"" && $0 != "\\" && $0.value >= 32 ? String($0) : String(format: "\\u%04x", $0.value) }.joined() + "\""
    }

    private static func logIn(_ browser: inout Browser, at url: String, name: String, password: String) async throws {
        try await browser.get(url)
        try await browser.type(name, into: "name")
        try await browser.type(password, into: "password")
        try await browser.click("join")
    }

    @Test("the page logs in, sends the real mouse and draws a TCP peer where it is")
    func playsBesideTCP() async throws {
        let world = try await WebWorld.start()
        defer { Task { await world.stop() } }
        let peer = try await world.game.login("tcp", understands: MType.framed)
        try await peer.move(x: 700, y: 500)
        try await Browser.with { browser in
            try await Self.logIn(&browser, at: world.url, name: "web", password: "welcome")
            try await browser.waitFor("document.getElementById('status').dataset.state", toBe: "playing")

            // 700/800 across and (600 - 500)/600 down: y is up, as in the original.
            try await browser.waitFor("\(Self.item("tcp"))?.dataset.fx", toBe: "0.8750")
            #expect(try await browser.string("\(Self.item("tcp")).dataset.fy") == "0.1667")

            try await browser.move(in: "world", fx: 0.5, fy: 0.5)
            let cursor = try await peer.next("web's cursor near the centre") { message in
                if case .playerCursor(let c) = message, c.username == "web", abs(c.x - 400) <= 3, abs(c.y - 300) <= 3 { c } else { nil }
            }
            #expect(!cursor.leftClick)
        }
    }

    @Test("a wrong password shows the server's refusal, and the page does not retry")
    func wrongPassword() async throws {
        let world = try await WebWorld.start()
        defer { Task { await world.stop() } }
        try await Browser.with { browser in
            try await Self.logIn(&browser, at: world.url, name: "web", password: "nope")
            try await browser.waitFor("document.getElementById('status').dataset.state", toBe: "refused")
            let line = try await browser.string("document.getElementById('status').textContent")
            #expect(line == "refused · \(RefusalReason.badCredentials.rawValue)")
            #expect(try await browser.string("document.getElementById('join').disabled") == "false")
        }
    }

    @Test("a hostile name is shown as inert text")
    func hostileName() async throws {
        let world = try await WebWorld.start()
        defer { Task { await world.stop() } }
        let hostile = "<img src=x onerror=alert(1)>"
        #expect(PlayerName.problem(with: hostile) == nil)
        let peer = try await world.game.login(hostile, understands: MType.framed)
        try await peer.move(x: 100, y: 100)
        try await Browser.with { browser in
            try await Self.logIn(&browser, at: world.url, name: "web", password: "welcome")
            try await browser.waitFor("\(Self.item(hostile))?.textContent", toBe: hostile)
            try await peer.move(x: 120, y: 110)
            try await browser.waitFor("\(Self.item(hostile)).dataset.x", toBe: "120")
            #expect(try await browser.string("document.querySelectorAll('img').length") == "0")
            #expect(try await browser.string("document.title") == "Mousy")
        }
    }

    @Test("after a server restart the page logs in again by itself and is seen")
    func resumesAfterRestart() async throws {
        var world = try await WebWorld.start()
        defer { Task { [world] in await world.stop() } }
        try await Browser.with { browser in
            try await Self.logIn(&browser, at: world.url, name: "web", password: "welcome")
            try await browser.waitFor("document.getElementById('status').dataset.state", toBe: "playing")
            try await browser.move(in: "world", fx: 0.25, fy: 0.75)

            let (gamePort, webPort) = (world.game.port, world.front.port)
            await world.stop()
            // The true reason while it is away, as the terminal gives it.
            try await browser.waitFor("document.getElementById('status').dataset.state", toBe: "reconnecting")
            let away = try await browser.string("document.getElementById('status').textContent")
            #expect(away.contains("The server ended the session: \(RefusalReason.serverShutdown.rawValue)."), "\(away)")
            world = try await WebWorld.start(gamePort: gamePort, webPort: webPort)
            try await browser.waitFor("document.getElementById('status').dataset.state", toBe: "playing")
            let peer = try await world.game.login("tcp", understands: MType.framed)
            // The page sends its last pointer after each login: (200, 150).
            _ = try await peer.next("web's cursor after the restart") { message in
                if case .playerCursor(let c) = message, c.username == "web", abs(c.x - 200) <= 3, abs(c.y - 150) <= 3 { c } else { nil }
            }
            let line = try await browser.string("document.getElementById('status').textContent")
            #expect(line == "logged in")
        }
    }
}
