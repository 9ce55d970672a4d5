/// The names taken when no `--user` is given: `player1`, then `player2`, `player3`…;
/// `watcher`, then `watcher2`… A name given with `--user` is never changed.
enum DefaultName {
    /// `mousy play`'s first choice.
    static let player = "player1"
    /// `mousy watch`'s first choice, so that watching never takes a player's name.
    static let watcher = "watcher"

    /// The name to try when `name` is taken: its trailing number plus one, or 2 when it
    /// has none ("player1" → "player2", "watcher" → "watcher2").
    static func next(after name: String) -> String {
        let digits = name.reversed().prefix { $0.isASCII && $0.isNumber }
        let stem = name.dropLast(digits.count)
        guard let number = Int(String(digits.reversed())), number < Int.max else { return name + "2" }
        return stem + String(number + 1)
    }

    /// A name no one else is likely to have, for a server that never refuses one (the
    /// original): `name`'s stem and four random hex digits ("player1" → "player-3f9a").
    static func unique(like name: String) -> String {
        let stem = String(name.reversed().drop(while: { $0.isASCII && $0.isNumber }).reversed())
        let digits = String(UInt16.random(in: 0...UInt16.max), radix: 16)
        return (stem.isEmpty ? "player" : stem) + "-" + String(repeating: "0", count: 4 - digits.count) + digits
    }

    /// What the status pane says of a name made by ``unique(like:)``.
    static func uniqueNote(_ name: String) -> String {
        "this server cannot tell names apart: playing as \(name)"
    }
}
