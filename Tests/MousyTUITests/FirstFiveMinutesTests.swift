import DevServer
@testable import GameUI
import Messages
import Net
import Testing
@testable import MousyTUI

/// The pure parts of a new user's first minutes: default names, command typos, the fix
/// in each error sentence, and the screen's ping log.
@Suite("first five minutes")
struct FirstFiveMinutesTests {
    @Test("a default name that is taken is followed by the next free one; a given name never changes")
    func defaultNames() {
        #expect(DefaultName.next(after: "player1") == "player2")
        #expect(DefaultName.next(after: "player9") == "player10")
        #expect(DefaultName.next(after: "watcher") == "watcher2")
        #expect(DefaultName.next(after: "watcher2") == "watcher3")
        #expect(DefaultName.player == "player1")
        #expect(DefaultName.watcher != DefaultName.player)
    }

    @Test("a first word that is no command gets the closest one")
    func unknownCommand() {
        #expect(UnknownCommand.sentence(for: ["server"]) == "'server' is not a mousy command; did you mean 'serve'?")
        #expect(UnknownCommand.sentence(for: ["wacth", "--count", "1"]) == "'wacth' is not a mousy command; did you mean 'watch'?")
        #expect(UnknownCommand.sentence(for: ["zzzzzzzz"])
                == "'zzzzzzzz' is not a mousy command; the commands are play, serve, watch and load (see mousy --help).")
        #expect(UnknownCommand.sentence(for: []) == nil)
        #expect(UnknownCommand.sentence(for: ["serve", "--port", "0"]) == nil)
        #expect(UnknownCommand.sentence(for: ["--user", "server"]) == nil)
        #expect(UnknownCommand.sentence(for: ["help"]) == nil)
    }

    @Test("a refused login's sentence names the option that fixes it")
    func refusalAdvice() {
        #expect(RefusalAdvice.sentence("The server refused the login: bad credentials.")
                == "The server refused the login: bad credentials; give the right password with --password or the MOUSY_PASSWORD variable.")
        #expect(RefusalAdvice.sentence("The server refused the login: name already playing.")
                == "The server refused the login: name already playing; choose another name with --user, or leave --user out to get a free one.")
        #expect(RefusalAdvice.sentence("The server refused the login: server full.") == "The server refused the login: server full.")
        #expect(PlayCommand.failure("The server refused the login: bad credentials.", address: ServerAddress(host: "127.0.0.1", port: 9))
                == "Cannot play on 127.0.0.1:9: the server refused the login: bad credentials; give the right password with --password or the MOUSY_PASSWORD variable.")
    }

    @Test("serve's errors say which option to change")
    func serveSentences() {
        #expect(ServeCommand.sentence(for: .addressInUse(host: "127.0.0.1", port: 7777))
                == "Port 7777 on 127.0.0.1 is already in use; choose another with --port (0 picks a free one).")
        #expect(ServeCommand.sentence(for: .cannotListen(host: "0.0.0.0.1", port: 7777, reason: "'0.0.0.0.1' is not an IP address or a host name that resolves"))
                == "Cannot listen on 0.0.0.0.1:7777: '0.0.0.0.1' is not an IP address or a host name that resolves; give --host an address of this machine (e.g. 127.0.0.1, 0.0.0.0 or ::1).")
    }

    @Test("the ping log's heads stand over their columns")
    func pingLogAlignment() {
        let header = StatusPane.pingLogHeader
        for length in [9, 12, 255] {
            let row = StatusPane.pingLogRow(PingLogEntry(receivedAtMicros: 1_700_000_000_000_000, length: length, roundTripMicros: 410))
            let columns = Array(row)
            // "len" ends where the length's last digit is; "rtt" starts where the round trip does.
            let lenEnd = header.distance(from: header.startIndex, to: header.range(of: "len")!.upperBound) - 1
            let rttStart = header.distance(from: header.startIndex, to: header.range(of: "rtt")!.lowerBound)
            #expect(columns[lenEnd] == String(length).last, "\(row)")
            #expect(columns[lenEnd + 1] == " ")
            #expect(String(columns[rttStart...]).hasPrefix("0.41 ms"), "\(row)")
        }
    }

    @Test("a Mousy server's first ping shows no round trip; a backlog of pings is one row")
    func pingLogContent() {
        var state = GameState(username: "player1", serverAddress: "127.0.0.1:7777")
        var welcome = LoginResult()
        welcome.ok = true
        welcome.pingIntervalMs = 1000
        let start: UInt64 = 1_700_000_000_000_000
        state.loggedIn(welcome: welcome, now: start)
        state.ping(length: 9, roundTripMicros: 20, fromServer: false, receivedAtMicros: start + 1_000_000)
        #expect(state.pingLog.last?.roundTripMicros == nil)
        #expect(state.roundTripMicros == nil)
        state.ping(length: 12, roundTripMicros: 410, fromServer: true, receivedAtMicros: start + 2_000_000)
        #expect(state.pingLog.last?.roundTripMicros == 410)
        // Five pings held up while stopped (Ctrl-Z) arrive at once after fg.
        for offset in 0..<5 {
            state.ping(length: 12, roundTripMicros: 410, fromServer: true, receivedAtMicros: start + 9_000_000 + UInt64(offset) * 100)
        }
        #expect(state.pingCount == 7)
        #expect(state.pingLog.count == 3)
        #expect(state.pingLog.last?.count == 5)
        #expect(StatusPane.pingLogRow(state.pingLog.last!).hasSuffix("   12  0.41 ms  x5"))

        // The original server sends no LOGIN_RESULT: the kernel's estimate is all there is.
        var original = GameState(username: "player1", serverAddress: "127.0.0.1:7777")
        original.connecting(attempt: 1)
        original.ping(length: 9, roundTripMicros: 250, fromServer: false, receivedAtMicros: start)
        #expect(original.pingLog.last?.roundTripMicros == 250)
    }

    @Test("the status pane says whether this process started the game or joined it; the own row is not reverse video")
    func statusNote() {
        var state = GameState(username: "player2", serverAddress: "127.0.0.1:7777", serverNote: "joined the game on 7777")
        var lines = StatusPane.lines(for: state, now: 0, width: 40, height: 30)
        #expect(lines.contains(StyledLine("joined the game on 7777", .normal)))
        #expect(lines.first { $0.text.hasPrefix("you ") }?.style != .own)
        state.serverNote = LocalGame.startedNote(port: 40000, endWhenEmpty: 60, warning: "7777 is used by another program")
        state.serverNoteWarns = true
        lines = StatusPane.lines(for: state, now: 0, width: 30, height: 30)
        #expect(lines.contains(StyledLine("started the game on 40000", .warning)))
        #expect(lines.contains(StyledLine("(7777 is used by another", .warning)))
    }

    @Test("the help line shows the mouse's state and the key that changes it")
    func helpLine() {
        var state = GameState(username: "player1", serverAddress: "127.0.0.1:7777")
        #expect(HelpText.line(for: state, width: 30).hasSuffix("mouse: captured (m)"))
        state.mouseCaptured = false
        #expect(HelpText.line(for: state, width: 30).hasSuffix("mouse: free (m)"))
    }
}
