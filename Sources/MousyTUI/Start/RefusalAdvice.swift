/// Adds the fix to the sentence of a refused login: which option (or variable) to change.
enum RefusalAdvice {
    /// `reason` (one sentence) with the fix appended, when there is one to give.
    static func sentence(_ reason: String) -> String {
        let lowered = reason.lowercased()
        let fix: String
        if lowered.contains("bad credentials") || lowered.contains("wrong user name or password") {
            fix = "give the right password with --password or the MOUSY_PASSWORD variable"
        } else if lowered.contains(GameProbe.nameTakenReason) {
            fix = "choose another name with --user, or leave --user out to get a free one"
        } else {
            return reason
        }
        return reason.trimmingSuffix(".") + "; " + fix + "."
    }
}
