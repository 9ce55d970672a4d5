/// A failure of the SSH server that stops it from starting, as one plain sentence.
public struct SSHError: Error, CustomStringConvertible, Equatable {
    public let description: String

    init(_ description: String) {
        self.description = description
    }
}
