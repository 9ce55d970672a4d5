import Logging
import Messages
import NIOCore

/// One event loop's chat: stamps each line with its sender's login name, cleans its text
/// (``Chat/cleaned(_:)``), holds each player to a rate (a burst, then one line per
/// interval) and broadcasts what passes to every player that understands CHAT, the
/// sender included, so that every screen shows the same lines in the same order.
///
/// A line over the rate is dropped and counted; its sender alone is told, once per run
/// of refused lines, by a CHAT from the server (an empty sender). Only players who chat
/// cost memory here. Confined to its loop.
final class ChatDesk {
    private let interval: Int64
    /// How far ahead of now the allowance may run: the burst's lines but one.
    private let window: Int64
    private let fanOut: FanOut
    private let frames: ServerFrames
    private let logger: Logger
    /// Per player who has chatted: when its allowance is used up (the generic cell rate
    /// algorithm's theoretical arrival time, in uptime nanoseconds), and whether it has
    /// been told about a refusal since its last accepted line.
    private var allowances: [PlayerID: (due: Int64, told: Bool)] = [:]
    private(set) var counters = ServerCounters()

    /// The notice a player gets when its lines come faster than the rate.
    static let tooFastNotice = "You are sending chat lines too fast: some were not sent."

    init(configuration: ServerConfiguration, fanOut: FanOut, frames: ServerFrames, logger: Logger) {
        let interval = max(1, configuration.chatInterval.nanoseconds)
        self.interval = interval
        let (window, overflow) = Int64(max(1, configuration.chatBurst) - 1).multipliedReportingOverflow(by: interval)
        self.window = overflow ? .max : window
        self.fanOut = fanOut
        self.frames = frames
        self.logger = logger
    }

    /// A line from a logged-in player, read at `now`.
    func received(_ chat: Chat, from session: PlayerSession, now: NIODeadline) {
        let nanoseconds = Int64(clamping: now.uptimeNanoseconds)
        var allowance = allowances[session.id] ?? (due: nanoseconds, told: false)
        let due = max(allowance.due, nanoseconds)
        // Over the rate when the allowance, this line included, reaches past the burst.
        guard due - nanoseconds <= window else {
            counters.chatsRefused += 1
            if !allowance.told {
                allowance.told = true
                allowances[session.id] = allowance
                tell(session, Self.tooFastNotice)
            }
            return
        }
        let (next, overflow) = due.addingReportingOverflow(interval)
        allowances[session.id] = (due: overflow ? .max : next, told: false)
        // Cleaned only once it passes the rate: a flood's refused lines cost no more.
        let text = Chat.cleaned(chat.text)
        guard !text.isEmpty else { return }
        fanOut.broadcast(.chat(.with {
            $0.sender = session.username
            $0.text = text
        }), except: nil)
    }

    /// The player left: its allowance is forgotten.
    func left(_ id: PlayerID) {
        allowances[id] = nil
    }

    /// A notice from the server to one player, if it understands CHAT.
    private func tell(_ session: PlayerSession, _ notice: String) {
        guard session.understands.contains(.chat) else { return }
        let frame = frames.encode(.chat(.with { $0.text = notice }), allocator: session.channel.allocator)
        counters.framesOutByType.count(.chat)
        session.channel.writeAndFlush(frame, promise: nil)
    }
}
