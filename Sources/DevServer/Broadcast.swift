import Messages
import NIOCore

/// A message for every logged-in player but its sender, encoded once on the loop it
/// came from and delivered by every loop's ``FanOut`` as it is: the one path any kind of
/// broadcast message takes, so a new kind needs no plumbing of its own.
struct Broadcast: Sendable {
    /// The whole frame, or several whole frames of one type back to back (the world's
    /// changes of one tick: one write per receiver).
    var frame: ByteBuffer
    /// Its type, for the frame counters.
    var type: MType
    /// How many frames `frame` holds.
    var count = 1
    /// The player who does not get it (its sender); nil: everyone does.
    var except: PlayerID?

    init(frame: ByteBuffer, type: MType, count: Int = 1, except: PlayerID?) {
        self.frame = frame
        self.type = type
        self.count = count
        self.except = except
    }
}
