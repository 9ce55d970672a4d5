import NIOCore
import NIOSSH

/// Everything one SSH session sends to its client's terminal goes through here, so the
/// session's output bound is checked on every write path: frames, mode toggles and the
/// last words alike. Output waiting for the client (written but not yet taken by the
/// socket) is counted; past `maxPendingBytes` nothing more is written, and the session
/// draws again from its newest state once the client has read (``onDrained``). A client
/// that takes nothing for `stallLimit` while output waits, or that stays past the bound
/// that long, is given up on (``onStalled``): closed, never buffered without bound.
///
/// Lives on the session channel's event loop.
final class SSHSessionOutput {
    private let channel: any Channel
    private let maxPendingBytes: Int
    private let stallLimit: TimeAmount
    private let counters: SSHOutputCounters
    /// Bytes written to the channel and not yet taken by the socket.
    private(set) var pendingBytes = 0
    /// The most that ever waited at once.
    private(set) var peakPendingBytes = 0
    /// Channel data bytes sent to the SSH client (for the figures in the log).
    private(set) var bytesSent = 0
    /// Writes the socket has taken so far: the client's progress.
    private var completedWrites = 0
    private var stallTask: Scheduled<Void>?
    private var closed = false
    /// Called when waiting output has fallen back under the bound.
    var onDrained: (() -> Void)?
    /// Called once when the client has stalled.
    var onStalled: (() -> Void)?

    init(channel: any Channel, maxPendingBytes: Int, stallLimit: TimeAmount, counters: SSHOutputCounters) {
        self.channel = channel
        self.maxPendingBytes = maxPendingBytes
        self.stallLimit = stallLimit
        self.counters = counters
    }

    /// True while more output waits than the bound allows: nothing is written until it drains.
    var isBackedUp: Bool { pendingBytes > maxPendingBytes }

    /// Writes `text` unless the output is backed up; returns whether it was written.
    /// `final` writes regardless, once per session (the terminal's restore and a last
    /// sentence: a few hundred bytes).
    @discardableResult
    func send(_ text: String, final: Bool = false) -> Bool {
        guard !closed, !text.isEmpty, final || !isBackedUp else { return false }
        var buffer = channel.allocator.buffer(capacity: text.utf8.count)
        buffer.writeString(text)
        let count = buffer.readableBytes
        pendingBytes += count
        bytesSent += count
        counters.noteWrite(count)
        if pendingBytes > peakPendingBytes {
            peakPendingBytes = pendingBytes
            counters.notePending(pendingBytes)
        }
        armStallTimer()
        channel.writeAndFlush(SSHChannelData(type: .channel, data: .byteBuffer(buffer)))
            .assumeIsolated()
            .whenComplete { _ in self.taken(count) }
        return true
    }

    /// Stops the timer; nothing more is written.
    func close() {
        closed = true
        stallTask?.cancel()
        stallTask = nil
    }

    private func taken(_ count: Int) {
        pendingBytes -= count
        completedWrites += 1
        if pendingBytes == 0 {
            stallTask?.cancel()
            stallTask = nil
        }
        if !closed, !isBackedUp { onDrained?() }
    }

    /// While output waits, checks every `stallLimit` that the client took some of it.
    private func armStallTimer() {
        guard stallTask == nil, !closed else { return }
        let progress = completedWrites
        stallTask = channel.eventLoop.assumeIsolated().scheduleTask(in: stallLimit) {
            self.stallTask = nil
            guard !self.closed, self.pendingBytes > 0 else { return }
            if self.completedWrites == progress || self.isBackedUp {
                self.closed = true
                self.counters.noteStalled()
                self.onStalled?()
                self.onStalled = nil
            } else {
                self.armStallTimer()
            }
        }
    }
}
