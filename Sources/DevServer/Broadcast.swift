import Messages
import NIOCore

/// A message for every logged-in player but its sender, encoded once on the loop it
/// came from and delivered by every loop's ``FanOut`` as it is: the one path any kind of
/// broadcast message takes, so a new kind needs no plumbing of its own.
struct Broadcast: Sendable {
    /// The whole frame.
    var frame: ByteBuffer
    /// Its type, for the frame counters.
    var type: MType
    /// The player who does not get it (its sender); nil: everyone does.
    var except: PlayerID?
}
