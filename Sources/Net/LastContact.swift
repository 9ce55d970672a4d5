import Atomics
import Messages

/// The time of the last frame from the server, readable from any thread.
final class LastContact: Sendable {
    private let micros = ManagedAtomic<UInt64>(0)

    func touch() {
        micros.store(Epoch.nowMicros(), ordering: .relaxed)
    }

    /// Microseconds since the Unix epoch, or nil before any contact.
    var value: UInt64? {
        let value = micros.load(ordering: .relaxed)
        return value == 0 ? nil : value
    }
}
