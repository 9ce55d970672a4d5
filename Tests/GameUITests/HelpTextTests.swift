import GameUI
import Testing

@Suite("help by context")
struct HelpTextTests {
    @Test("in a terminal: Ctrl-Z and mousy play --server; over SSH: neither, and the ssh command instead")
    func byContext() {
        var state = GameState(username: "alice", serverAddress: "127.0.0.1:7777")
        let terminal = HelpText.overlay(for: state)
        #expect(terminal.contains { $0.contains("Ctrl-Z") })
        #expect(terminal.contains("mousy play --server 127.0.0.1:7777 --user NAME"))
        #expect(HelpText.line(for: state, width: 200).hasSuffix("join: mousy play --server 127.0.0.1:7777 --user NAME"))

        state.helpContext = .ssh(join: "ssh -p 2222 NAME@127.0.0.1")
        let ssh = HelpText.overlay(for: state)
        #expect(!ssh.contains { $0.contains("Ctrl-Z") || $0.contains("mousy") })
        #expect(ssh.contains("Others join over SSH with the password:"))
        #expect(ssh.contains("ssh -p 2222 NAME@127.0.0.1"))
        #expect(HelpText.line(for: state, width: 200).hasSuffix("join: ssh -p 2222 NAME@127.0.0.1"))
        #expect(!HelpText.line(for: state, width: 200).contains("mousy"))
    }
}
