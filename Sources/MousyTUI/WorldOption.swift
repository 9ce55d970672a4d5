import ArgumentParser

/// The `--world WxH` option of `mousy serve` and `mousy play`: the shared world's size in
/// points, e.g. "800x600" (the original client's window, the default).
struct WorldOption: ExpressibleByArgument, Hashable, Sendable, CustomStringConvertible {
    /// Each side is 1 to this many points (cursor coordinates are 32-bit on the wire; a
    /// world this large is already far beyond any screen).
    static let maximumSide = 1_000_000

    static let original = WorldOption(width: 800, height: 600)

    let width: Int
    let height: Int

    init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }

    init?(argument: String) {
        let parts = argument.lowercased().split(separator: "x", omittingEmptySubsequences: false)
        guard parts.count == 2, let width = Int(parts[0]), let height = Int(parts[1]),
              (1...Self.maximumSide).contains(width), (1...Self.maximumSide).contains(height) else { return nil }
        self.init(width: width, height: height)
    }

    /// The option's parser: a bad size names the rule, e.g. for `0x10`.
    static let parse: @Sendable (String) throws -> WorldOption = { text in
        guard let world = WorldOption(argument: text) else {
            throw OptionCheck.Invalid(description: "it must be WxH, each side a whole number from 1 to \(maximumSide) (e.g. 800x600).")
        }
        return world
    }

    var description: String { "\(width)x\(height)" }
    var defaultValueDescription: String { description }
}
