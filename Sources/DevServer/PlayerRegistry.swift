import NIOConcurrencyHelpers

import Messages

/// The names playing right now, shared by every event loop, kept by their skeletons
/// (``PlayerName/skeleton(of:)``) so that no name can pass for one already playing. Claiming a name is the one
/// point where logins on different loops meet, so it sits behind a lock (held for a set
/// lookup, never across I/O) rather than an actor hop per login.
final class PlayerRegistry: Sendable {
    enum Claim: Equatable {
        /// The name is now taken by the caller; `online` counts the caller.
        case granted(id: PlayerID, online: Int)
        case nameTaken
        case full
        case closed
    }

    private struct State {
        var names: Set<String> = []  // skeletons
        var nextID: PlayerID = 1
        var accepting = true
    }

    private let state = NIOLockedValueBox(State())
    let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// Takes `name` for a new session, unless it or a look-alike is playing already, the
    /// server is full or shutting down.
    func claim(_ name: String) -> Claim {
        let skeleton = PlayerName.skeleton(of: name)
        return state.withLockedValue { state in
            guard state.accepting else { return .closed }
            guard !state.names.contains(skeleton) else { return .nameTaken }
            guard state.names.count < capacity else { return .full }
            state.names.insert(skeleton)
            let id = state.nextID
            state.nextID += 1
            return .granted(id: id, online: state.names.count)
        }
    }

    /// Frees a name whose session has ended.
    func release(_ name: String) {
        let skeleton = PlayerName.skeleton(of: name)
        _ = state.withLockedValue { $0.names.remove(skeleton) }
    }

    /// Refuses every later claim.
    func close() {
        state.withLockedValue { $0.accepting = false }
    }

    var count: Int { state.withLockedValue { $0.names.count } }
}

/// A logged-in player, unique for the server's lifetime (a name may come back; its id does not).
typealias PlayerID = UInt64
