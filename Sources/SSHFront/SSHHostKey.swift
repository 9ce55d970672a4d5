import Crypto
import Foundation
import NIOSSH

#if canImport(Glibc)
import Glibc
#endif

/// The SSH server's Ed25519 host key: generated on first use and kept, readable by its
/// owner only (mode 0600), so that clients see the same fingerprint on every run.
///
/// The file holds one line, `mousy-ssh-ed25519 <base64 of the 32-byte private seed>`.
public struct SSHHostKey: Sendable {
    let privateKey: NIOSSHPrivateKey
    /// The OpenSSH-style fingerprint, "SHA256:" and the unpadded base64 of the public key blob's SHA-256.
    public let fingerprint: String
    /// The public key as `ssh-ed25519 AAAA...` (for a known_hosts line).
    let openSSHPublicKey: String
    /// The fingerprint line as `ssh-keygen -lf` prints it for this key without its
    /// comment: "256 SHA256:... (ED25519)".
    var keygenLine: String { Self.keygenLine(fingerprint: fingerprint) }
    /// "256 FINGERPRINT (ED25519)": an Ed25519 key's line of `ssh-keygen -lf`, comment left out.
    static func keygenLine(fingerprint: String) -> String { "256 \(fingerprint) (ED25519)" }
    /// True when this run made the key.
    public let generated: Bool

    private static let prefix = "mousy-ssh-ed25519 "

    /// `$XDG_CONFIG_HOME/mousy/ssh_host_ed25519_key`, else `~/.config/mousy/ssh_host_ed25519_key`.
    static func defaultPath() -> String {
        let environment = ProcessInfo.processInfo.environment
        let base: String
        if let config = environment["XDG_CONFIG_HOME"], config.hasPrefix("/") {
            base = config
        } else {
            base = (environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()) + "/.config"
        }
        return base + "/mousy/ssh_host_ed25519_key"
    }

    /// Reads the key at `path`, or makes one there (and its directory, mode 0700) when
    /// there is no file. Throws one plain sentence when it can do neither, or when the
    /// file is readable by others.
    static func loadOrCreate(at path: String) throws -> SSHHostKey {
        if FileManager.default.fileExists(atPath: path) {
            return try load(at: path)
        }
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty, !FileManager.default.fileExists(atPath: directory) {
            do {
                try FileManager.default.createDirectory(
                    atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                throw SSHError("Cannot create the directory \(directory) for the SSH host key: \(error.localizedDescription)")
            }
        }
        let key = Curve25519.Signing.PrivateKey()
        let line = prefix + key.rawRepresentation.base64EncodedString() + "\n"
        // O_EXCL: never overwrite a key another process made meanwhile; 0600 from the start.
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            if errno == EEXIST { return try load(at: path) }
            throw SSHError("Cannot write the SSH host key to \(path): \(String(cString: strerror(errno))).")
        }
        defer { close(descriptor) }
        let bytes = Array(line.utf8)
        guard write(descriptor, bytes, bytes.count) == bytes.count, fsync(descriptor) == 0 else {
            throw SSHError("Cannot write the SSH host key to \(path): \(String(cString: strerror(errno))).")
        }
        return SSHHostKey(key, generated: true)
    }

    private static func load(at path: String) throws -> SSHHostKey {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw SSHError("Cannot read the SSH host key \(path): \(String(cString: strerror(errno))).")
        }
        guard info.st_mode & 0o077 == 0 else {
            throw SSHError("The SSH host key \(path) is readable by others; make it private (chmod 600 \(path)).")
        }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw SSHError("Cannot read the SSH host key \(path).")
        }
        let line = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard line.hasPrefix(prefix), let seed = Data(base64Encoded: String(line.dropFirst(prefix.count))),
              let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: seed) else {
            throw SSHError("The file \(path) is not a mousy SSH host key; move it away to have a new key made.")
        }
        return SSHHostKey(key, generated: false)
    }

    private init(_ key: Curve25519.Signing.PrivateKey, generated: Bool) {
        privateKey = NIOSSHPrivateKey(ed25519Key: key)
        openSSHPublicKey = String(openSSHPublicKey: privateKey.publicKey)
        let blob = openSSHPublicKey.split(separator: " ").dropFirst().first.flatMap { Data(base64Encoded: String($0)) } ?? Data()
        let digest = Data(SHA256.hash(data: blob)).base64EncodedString()
        fingerprint = "SHA256:" + digest.replacingOccurrences(of: "=", with: "")
        self.generated = generated
    }
}
