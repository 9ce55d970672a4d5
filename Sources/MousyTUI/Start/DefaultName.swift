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
}
