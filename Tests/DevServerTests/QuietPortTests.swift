import Testing
@testable import TestSupport

/// QuietPort hands tests ports that must stay theirs until they bind them.
@Suite("QuietPort")
struct QuietPortTests {
    // Random picks would meet within 500 (1 - e^(-500²/24000) ≈ 99.997 %): a server in one
    // test then took another test's port, and its "nothing listens any more" met that one.
    @Test("picks in one process never repeat, and stay below the ephemeral range")
    func neverRepeats() {
        let ports = (0..<500).map { _ in QuietPort.next() }
        #expect(Set(ports).count == ports.count)
        #expect(ports.allSatisfy { QuietPort.range.contains($0) })
    }
}
