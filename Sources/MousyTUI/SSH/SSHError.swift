/// A failure of the SSH server that stops it from starting, as one plain sentence.
struct SSHError: Error, CustomStringConvertible, Equatable {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
