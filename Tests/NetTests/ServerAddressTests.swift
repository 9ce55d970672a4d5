import Net
import Testing

@Suite("ServerAddress")
struct ServerAddressTests {
    @Test("valid forms", arguments: [
        ("localhost", "localhost", 7777),
        ("127.0.0.1:7000", "127.0.0.1", 7000),
        (" example.org:1 ", "example.org", 1),
        ("[::1]:8000", "::1", 8000),
        ("[::1]", "::1", 7777),
        ("::1", "::1", 7777),
        ("fe80::1:2", "fe80::1:2", 7777),
        ("host:65535", "host", 65535),
    ])
    func parses(text: String, host: String, port: Int) throws {
        #expect(try ServerAddress(parsing: text) == ServerAddress(host: host, port: port))
    }

    @Test("bad addresses get one plain sentence", arguments: [
        ("", "The server address is empty; give HOST or HOST:PORT."),
        ("host:0", "'host:0' is not a valid server address: the port '0' is not a number from 1 to 65535."),
        ("host:70000", "'host:70000' is not a valid server address: the port '70000' is not a number from 1 to 65535."),
        ("host:", "'host:' is not a valid server address: the port '' is not a number from 1 to 65535."),
        (":7777", "':7777' is not a valid server address: the host name is missing."),
        ("[::1", "'[::1' is not a valid server address: a '[' has no matching ']'."),
        ("[::1]x", "'[::1]x' is not a valid server address: only ':PORT' may follow ']'."),
        ("a b:1", "'a b:1' is not a valid server address: the host name 'a b' contains a character a host name cannot have."),
    ])
    func refuses(text: String, sentence: String) {
        #expect(throws: (any Error).self) { try ServerAddress(parsing: text) }
        do {
            _ = try ServerAddress(parsing: text)
        } catch {
            #expect(error.description == sentence)
        }
    }

    @Test("the default port is the caller's; description brackets IPv6")
    func defaultsAndDescription() throws {
        #expect(try ServerAddress(parsing: "h", defaultPort: 9).port == 9)
        #expect(ServerAddress(host: "::1", port: 7777).description == "[::1]:7777")
        #expect(ServerAddress(host: "127.0.0.1", port: 7777).description == "127.0.0.1:7777")
    }
}
