import Foundation

/// The parts the message table's worst cases (``FramedMessage/worstCase``) are made of.
public enum WorstCase {
    /// A legal name of ``PlayerName/maximumBytes``: 16 four-byte characters.
    public static let name = String(repeating: "🐭", count: PlayerName.maximumBytes / 4)
    /// A resume token of the length this server issues.
    public static let token = Data(repeating: 0xFF, count: 16)
}

extension PlayerLogin {
    /// The longest password, in UTF-8 bytes, that fits a login beside the longest name, a
    /// resume token and the handshake's list: a client must not send a longer one.
    public static let maximumPasswordBytes = 128
}

extension LoginResult {
    /// The longest reason, in UTF-8 bytes, a server may give in LOGIN_RESULT.
    public static let maximumReasonBytes = 120
}
