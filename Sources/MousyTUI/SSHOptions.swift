import ArgumentParser
import NIOCore

/// The SSH front's options, the same for `serve` and a hosting `play`: declared and
/// checked once.
struct SSHOptions: ParsableArguments {
    @Option(
        name: .customLong("ssh-port"), parsing: .unconditional,
        help: "Also serve the game over SSH on this port (0: any free one); others join with ssh -p PORT NAME@HOST and the game's password.",
        transform: OptionCheck.port)
    var sshPort: Int?

    @Option(
        name: .customLong("ssh-host-key"),
        help: ArgumentHelp("The SSH server's Ed25519 host key, made on first use. Default: $XDG_CONFIG_HOME/mousy/ssh_host_ed25519_key (~/.config/mousy/...).", valueName: "path"))
    var sshHostKey: String?

    @Option(
        name: .customLong("ssh-login-grace-s"), parsing: .unconditional,
        help: "Seconds an SSH connection has to authenticate (OpenSSH's LoginGraceTime), apart from the game's login timeout: a person reads the host-key prompt and types the password. Default: 120.",
        transform: OptionCheck.number(Self.loginGraceRange))
    var sshLoginGraceS: Double = Self.defaultLoginGraceS

    /// OpenSSH's LoginGraceTime, in seconds.
    static let defaultLoginGraceS: Double = 120
    /// The values `--ssh-login-grace-s` takes.
    static let loginGraceRange: ClosedRange<Double> = 0.1...3600

    /// The grace time as a NIO amount.
    var loginGrace: TimeAmount { Self.loginGrace(seconds: sshLoginGraceS) }

    /// `seconds` as a NIO amount.
    static func loginGrace(seconds: Double) -> TimeAmount { .nanoseconds(Int64(seconds * 1e9)) }

    func validate() throws {
        if sshHostKey != nil, sshPort == nil { throw ValidationError("--ssh-host-key needs --ssh-port.") }
    }
}
