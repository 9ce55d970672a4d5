/// A reason `mousy play` cannot go on, in one plain sentence.
struct PlayError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
