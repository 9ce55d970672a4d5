/// What `mousy load` says about each kind of refused login (``LoadCounters``' kinds):
/// the fix, naming the option to change, on this side or the server's.
enum LoadAdvice {
    /// The fix for refusals of `kind`, or nil when there is none to give.
    static func fix(for kind: String) -> String? {
        switch kind {
        case "too many connections from your address waiting to log in":
            "the server caps connections from one address that have not logged in (serve --max-pending-per-address, 128 by default): spread them over more --source-addresses, or over time with --ramp"
        case "too many failed logins from your address":
            "the server penalises an address after failed logins: fix the cause (often --password), then wait out the penalty"
        case "bad credentials", "closed without a word":
            "give the server's password with --password or MOUSY_PASSWORD"
        case "name already playing":
            "names PREFIX0, PREFIX1, ... are playing already (another run?): choose another --user-prefix"
        case "server full":
            "the server's --max-players is lower than --clients"
        case "malformed login":
            "--user-prefix and the player's number must make a name the server accepts (1 to 32 characters)"
        case "server shutting down":
            "the server was stopping"
        default:
            nil
        }
    }

    /// The lines after the report: one per kind of refusal, with its fix.
    static func lines(for refusals: [(kind: String, count: Int)]) -> [String] {
        refusals.compactMap { refusal in
            fix(for: refusal.kind).map { "fix              \(refusal.kind): \($0)" }
        }
    }

    /// The progress line's refusal part: "refused 151 (too many connections ... 151)".
    static func progress(refused: Int, refusals: [String: Int]) -> String {
        guard refused > 0 else { return "refused 0" }
        let kinds = refusals.sorted { $0.value > $1.value }.prefix(2).map { "\($0.key) \($0.value)" }
        return "refused \(refused) (" + kinds.joined(separator: ", ") + (refusals.count > 2 ? ", ..." : "") + ")"
    }
}
