/// Where the game server listens: `HOST[:PORT]`, default port 7777.
///
/// IPv6 literals take brackets when a port follows: `[::1]:7777`. A bare IPv6 literal
/// (`::1`) is read as a host with the default port.
public struct ServerAddress: Sendable, Hashable, CustomStringConvertible {
    /// The original's port, and Mousy's default.
    public static let defaultPort = 7777

    /// A host name or an IP literal (without brackets).
    public var host: String
    /// The TCP port, 1...65535.
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses `HOST`, `HOST:PORT`, `[IPV6]`, `[IPV6]:PORT` or a bare IPv6 literal.
    ///
    /// Throws a ``ServerAddressError`` whose description is one plain sentence.
    public init(parsing text: String, defaultPort: Int = ServerAddress.defaultPort) throws(ServerAddressError) {
        let trimmed = text.trimmingWhitespace()
        guard !trimmed.isEmpty else { throw .empty }
        var host: Substring
        var portText: Substring?
        if trimmed.hasPrefix("[") {
            guard let close = trimmed.firstIndex(of: "]") else { throw .invalid(text, "a '[' has no matching ']'") }
            host = trimmed[trimmed.index(after: trimmed.startIndex)..<close]
            let rest = trimmed[trimmed.index(after: close)...]
            if !rest.isEmpty {
                guard rest.hasPrefix(":") else { throw .invalid(text, "only ':PORT' may follow ']'") }
                portText = rest.dropFirst()
            }
        } else if trimmed.filter({ $0 == ":" }).count > 1 {
            host = trimmed[...]  // a bare IPv6 literal
        } else if let colon = trimmed.firstIndex(of: ":") {
            host = trimmed[..<colon]
            portText = trimmed[trimmed.index(after: colon)...]
        } else {
            host = trimmed[...]
        }
        guard !host.isEmpty else { throw .invalid(text, "the host name is missing") }
        guard !host.contains(where: { $0 == " " || $0 == "/" || $0 == "[" || $0 == "]" }) else {
            throw .invalid(text, "the host name '\(host)' contains a character a host name cannot have")
        }
        var port = defaultPort
        if let portText {
            guard let number = Int(portText), (1...65535).contains(number) else {
                throw .invalid(text, "the port '\(portText)' is not a number from 1 to 65535")
            }
            port = number
        }
        self.init(host: String(host), port: port)
    }

    /// `host:port`, with brackets around an IPv6 literal.
    public var description: String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}

extension String {
    fileprivate func trimmingWhitespace() -> String {
        var view = Substring(self)
        while view.first?.isWhitespace == true { view = view.dropFirst() }
        while view.last?.isWhitespace == true { view = view.dropLast() }
        return String(view)
    }
}
