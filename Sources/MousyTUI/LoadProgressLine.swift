import Load

/// `mousy load`'s progress line, once a second on stderr: logins and their rate, the
/// refusals by reason, frame rates, and the time left.
enum LoadProgressLine {
    static func text(_ progress: LoadGenerator.Progress, previous: LoadGenerator.Progress?, clients: Int) -> String {
        let span = max(progress.elapsed - (previous?.elapsed ?? 0), 1e-3)
        func rate(_ now: Int, _ before: Int?) -> Int { Int((Double(now - (before ?? 0)) / span).rounded()) }
        var parts = [
            String(format: "%5.1f s", progress.elapsed),
            "logged in \(progress.loggedIn)/\(clients) (\(rate(progress.loggedIn, previous?.loggedIn))/s)",
            LoadAdvice.progress(refused: progress.refused, refusals: progress.refusals),
        ]
        if progress.connectFailed > 0 { parts.append("could not connect \(progress.connectFailed)") }
        if progress.notAGame > 0 { parts.append("not game frames \(progress.notAGame)") }
        parts.append("sent \(rate(progress.framesSent, previous?.framesSent))/s")
        parts.append("received \(rate(progress.framesReceived, previous?.framesReceived))/s")
        parts.append(String(format: "%.0f s left", progress.remaining.rounded(.up)))
        return parts.joined(separator: "  ")
    }
}
