/// A first word that is not a subcommand, e.g. `mousy server`: without this check the
/// default subcommand (`play`) would take it for an argument of its own and answer
/// "Unexpected argument" with play's usage.
enum UnknownCommand {
    static let commands = ["play", "serve", "watch", "load"]
    /// Commands that exist but are never suggested (a bare mousy's background game).
    static let unlisted = ["hosted-game"]

    /// The sentence for `arguments` (without the program name) when they start with a
    /// word that is no command, naming the closest one; nil when they do not.
    static func sentence(for arguments: [String]) -> String? {
        guard let word = arguments.first, !word.isEmpty, !word.hasPrefix("-"),
              !commands.contains(word), !unlisted.contains(word), word != "help" else { return nil }
        let shown = String(word.prefix(40).unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }.map(Character.init))
        let closest = commands.map { (command: $0, distance: distance(word.lowercased(), $0)) }
            .min { $0.distance < $1.distance }
        if let closest, closest.distance <= 2 || closest.command.hasPrefix(word.lowercased()) {
            return "'\(shown)' is not a mousy command; did you mean '\(closest.command)'?"
        }
        return "'\(shown)' is not a mousy command; the commands are play, serve, watch and load (see mousy --help)."
    }

    /// Levenshtein distance.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
