import DequeModule
import Messages
import NIOConcurrencyHelpers

/// The one channel between the UI thread and the networking thread, thread-safe both ways.
///
/// UI → network (``send(_:)``): when the network falls behind, consecutive motion
/// coalesces (a newer position replaces an unsent older one with the same buttons); a
/// button change is never dropped, merged or reordered, and the last position always
/// goes out. Nothing is accepted after ``ClientCommand/quit``.
///
/// Network → UI (``post(_:)``, ``takeEvents()``): bounded by ``eventCapacity``. A
/// player's cursor event replaces that player's unread one (in place, keeping its spot
/// in the order); every other event is kept in order. When the queue is full, pings,
/// handed-through messages and cursors of players not already waiting are dropped (and
/// counted); session events
/// (connecting, logged in, refused, disconnected, reconnecting, stopped) and a player
/// leaving are always kept.
///
/// ``wakeFileDescriptor`` is readable exactly while events are waiting: `poll()` it
/// next to stdin so the UI sleeps until something happens.
public final class ClientQueue: Sendable {
    /// The default bound on events waiting for the UI.
    public static let defaultEventCapacity = 1024

    private struct PendingCommand: Sendable {
        var command: ClientCommand
        /// A move whose buttons differ from the move before it: never merged.
        var isButtonChange: Bool
    }

    private struct State: Sendable {
        var commands: Deque<PendingCommand> = []
        var lastLeft = false
        var lastRight = false
        var quitQueued = false
        var commandWaker: (@Sendable () -> Void)?
        /// The waker has been called and the network has not taken the commands since.
        var wakePending = false

        var events: Deque<ClientEvent> = []
        /// Index in `events` of each player's unread cursor event that may still be replaced.
        var replaceableCursor: [String: Int] = [:]
        var counters = ClientQueueCounters()
    }

    /// The most events kept waiting for the UI (see the type's rules for what is dropped).
    public let eventCapacity: Int
    private let state: NIOLockedValueBox<State>
    private let wake: WakeDescriptor

    /// A queue holding at most `eventCapacity` events for the UI.
    public init(eventCapacity: Int = ClientQueue.defaultEventCapacity) {
        precondition(eventCapacity > 0, "eventCapacity must be positive")
        self.eventCapacity = eventCapacity
        self.state = NIOLockedValueBox(State())
        self.wake = WakeDescriptor()
    }

    // MARK: UI side

    /// Queues a command for the network; never blocks.
    public func send(_ command: ClientCommand) {
        let waker: (@Sendable () -> Void)? = state.withLockedValue { state in
            guard !state.quitQueued else { return nil }
            switch command {
            case .quit:
                state.quitQueued = true
                state.commands.append(PendingCommand(command: command, isButtonChange: false))
            case .send:
                // Never merged, and a move after it is not merged into a move before it.
                state.commands.append(PendingCommand(command: command, isButtonChange: false))
            case .move(_, _, let left, let right):
                let isButtonChange = left != state.lastLeft || right != state.lastRight
                state.lastLeft = left
                state.lastRight = right
                if !isButtonChange, let last = state.commands.last, case .move = last.command, !last.isButtonChange {
                    state.commands[state.commands.count - 1].command = command
                    state.counters.coalescedMoves += 1
                } else {
                    state.commands.append(PendingCommand(command: command, isButtonChange: isButtonChange))
                }
            }
            guard !state.wakePending, let waker = state.commandWaker else { return nil }
            state.wakePending = true
            return waker
        }
        waker?()
    }

    /// Takes every waiting event, oldest first, and makes ``wakeFileDescriptor`` quiet.
    public func takeEvents() -> [ClientEvent] {
        state.withLockedValue { state in
            guard !state.events.isEmpty else { return [] }
            wake.drain()
            let events = Array(state.events)
            state.events.removeAll(keepingCapacity: true)
            state.replaceableCursor.removeAll(keepingCapacity: true)
            return events
        }
    }

    /// Readable exactly while events are waiting; ``takeEvents()`` drains it. Do not
    /// read or close it yourself. It lives as long as the queue.
    public var wakeFileDescriptor: Int32 { wake.fileDescriptor }

    /// What was coalesced or dropped so far.
    public var counters: ClientQueueCounters {
        state.withLockedValue { $0.counters }
    }

    // MARK: Network side

    /// Sets what to call when commands arrive for the network. It is called (on the
    /// sending thread, outside any lock) at most once per batch: again only after
    /// ``takeCommands()``. If commands are already waiting it is called at once.
    public func setCommandWaker(_ waker: (@Sendable () -> Void)?) {
        let callNow: (@Sendable () -> Void)? = state.withLockedValue { state in
            state.commandWaker = waker
            state.wakePending = false
            guard let waker, !state.commands.isEmpty else { return nil }
            state.wakePending = true
            return waker
        }
        callNow?()
    }

    /// Takes every waiting command, in order; re-arms the waker.
    public func takeCommands() -> [ClientCommand] {
        state.withLockedValue { state in
            state.wakePending = false
            guard !state.commands.isEmpty else { return [] }
            let commands = state.commands.map(\.command)
            state.commands.removeAll(keepingCapacity: true)
            return commands
        }
    }

    /// Commands waiting for the network (it leaves them there while the server is not
    /// reading, so that they coalesce).
    public var pendingCommandCount: Int {
        state.withLockedValue { $0.commands.count }
    }

    /// Counts a drain held back by backpressure (see ``ClientQueueCounters/heldBackDrains``).
    func noteHeldBackDrain() {
        state.withLockedValue { $0.counters.heldBackDrains += 1 }
    }

    /// Whether a ``ClientCommand/quit`` has been sent.
    public var isQuitRequested: Bool {
        state.withLockedValue { $0.quitQueued }
    }

    /// Queues an event for the UI (see the type's rules for coalescing and the bound).
    public func post(_ event: ClientEvent) {
        state.withLockedValue { state in
            let wasEmpty = state.events.isEmpty
            switch event {
            case .cursor(let cursor):
                if let index = state.replaceableCursor[cursor.username] {
                    state.events[index] = event
                    state.counters.coalescedCursors += 1
                    return
                }
                guard state.events.count < eventCapacity else {
                    state.counters.droppedEvents += 1
                    return
                }
                state.replaceableCursor[cursor.username] = state.events.count
                state.events.append(event)
            case .ping, .message:
                guard state.events.count < eventCapacity else {
                    state.counters.droppedEvents += 1
                    return
                }
                state.events.append(event)
            case .playerLeft(let username, _):
                // A later cursor for this name is a new arrival: it must come after this.
                state.replaceableCursor[username] = nil
                state.events.append(event)
            case .connecting, .loggedIn, .refused, .disconnected, .reconnecting, .stopped:
                // A session boundary: cursors after it must not move before it.
                state.replaceableCursor.removeAll(keepingCapacity: true)
                state.events.append(event)
            }
            if wasEmpty { wake.signal() }
        }
    }
}
