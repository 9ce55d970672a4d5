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
/// Network → UI (``post(_:)``, ``takeEvents()``): bounded, whether the UI reads or not.
/// A player's cursor event replaces that player's unread one (in place, keeping its spot
/// in the order): the later state replaces the earlier. Every other event is kept in
/// order, within these bounds:
/// - pings and cursors of players not already waiting: at most ``eventCapacity`` events
///   waiting in all; beyond it they are dropped and counted;
/// - handed-through messages (chat): at most ``messageCapacity`` waiting, apart from the
///   rest, so that a flood of cursors cannot crowd them out; beyond it they are dropped,
///   counted, and the UI is told how many with the next ``takeEvents()`` (a notice:
///   a CHAT with an empty sender), never silently;
/// - a player leaving: kept only for a player whose cursor the queue passed on in this
///   session (and at most once for it), so a flood of goodbyes for names never seen costs
///   nothing; at most ``maximumKnownPlayers`` players are known at once;
/// - session events (connecting, logged in, refused, disconnected, reconnecting, stopped)
///   are always kept: they come at the pace of the reconnect backoff.
///
/// ``wakeFileDescriptor`` is readable exactly while events are waiting: `poll()` it
/// next to stdin so the UI sleeps until something happens.
public final class ClientQueue: Sendable {
    /// The default bound on pings and cursors waiting for the UI.
    public static let defaultEventCapacity = 1024
    /// The default bound on handed-through messages waiting for the UI.
    public static let defaultMessageCapacity = 1024
    /// The most players the queue knows in one session (whose cursor it passed on and who
    /// have not left); the cursor of one more is dropped and counted.
    public static let maximumKnownPlayers = 65_536

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
        /// Handed-through messages in `events`.
        var messages = 0
        /// Messages dropped since the UI last took events: it is told with the next take.
        var droppedSinceTake = 0
        /// The players whose cursor was passed on in this session and who have not left.
        var known: Set<String> = []
        var counters = ClientQueueCounters()
    }

    /// The most pings and cursors kept waiting for the UI (see the type's rules).
    public let eventCapacity: Int
    /// The most handed-through messages kept waiting for the UI (see the type's rules).
    public let messageCapacity: Int
    private let state: NIOLockedValueBox<State>
    private let wake: WakeDescriptor

    /// A queue holding at most `eventCapacity` pings and cursors and `messageCapacity`
    /// messages for the UI.
    public init(
        eventCapacity: Int = ClientQueue.defaultEventCapacity,
        messageCapacity: Int = ClientQueue.defaultMessageCapacity
    ) {
        precondition(eventCapacity > 0 && messageCapacity > 0, "capacities must be positive")
        self.eventCapacity = eventCapacity
        self.messageCapacity = messageCapacity
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
    /// When messages were dropped since the last take, a notice saying how many ends the
    /// list.
    public func takeEvents() -> [ClientEvent] {
        state.withLockedValue { state in
            guard !state.events.isEmpty else { return [] }
            wake.drain()
            var events = Array(state.events)
            state.events.removeAll(keepingCapacity: true)
            state.replaceableCursor.removeAll(keepingCapacity: true)
            state.messages = 0
            if state.droppedSinceTake > 0 {
                events.append(ClientSession.notice(Self.droppedNotice(state.droppedSinceTake)))
                state.droppedSinceTake = 0
            }
            return events
        }
    }

    /// The notice for messages the queue dropped.
    static func droppedNotice(_ count: Int) -> String {
        "\(count) message\(count == 1 ? "" : "s") from the server could not be shown: the screen fell behind."
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

    /// Queues an event for the UI (see the type's rules for coalescing and the bounds).
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
                guard state.events.count - state.messages < eventCapacity,
                      state.known.count < Self.maximumKnownPlayers || state.known.contains(cursor.username)
                else {
                    state.counters.droppedEvents += 1
                    return
                }
                state.known.insert(cursor.username)
                state.replaceableCursor[cursor.username] = state.events.count
                state.events.append(event)
            case .ping:
                guard state.events.count - state.messages < eventCapacity else {
                    state.counters.droppedEvents += 1
                    return
                }
                state.events.append(event)
            case .message:
                guard state.messages < messageCapacity else {
                    state.counters.droppedMessages += 1
                    state.droppedSinceTake += 1
                    return
                }
                state.messages += 1
                state.events.append(event)
            case .playerLeft(let username, _):
                // Only a player the UI may have been shown: the rest cost nothing.
                guard state.known.remove(username) != nil else {
                    state.counters.droppedLogouts += 1
                    return
                }
                // A later cursor for this name is a new arrival: it must come after this.
                state.replaceableCursor[username] = nil
                state.events.append(event)
            case .connecting, .loggedIn, .refused, .disconnected, .reconnecting, .stopped:
                // A session boundary: cursors after it must not move before it, and the
                // UI forgets the players it knew.
                state.replaceableCursor.removeAll(keepingCapacity: true)
                state.known.removeAll()
                state.events.append(event)
            }
            if wasEmpty { wake.signal() }
        }
    }
}
