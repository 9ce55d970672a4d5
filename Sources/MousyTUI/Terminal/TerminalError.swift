/// A terminal problem, described in one plain sentence.
struct TerminalError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
