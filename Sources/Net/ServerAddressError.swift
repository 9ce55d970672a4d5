/// A server address that cannot be used; its description is one plain sentence.
public enum ServerAddressError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Nothing was given.
    case empty
    /// The text, and why it is not an address.
    case invalid(String, String)

    public var description: String {
        switch self {
        case .empty:
            "The server address is empty; give HOST or HOST:PORT."
        case .invalid(let text, let why):
            "'\(text)' is not a valid server address: \(why)."
        }
    }
}
