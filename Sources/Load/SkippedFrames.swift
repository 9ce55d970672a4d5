/// What a ``LoadFrameDecoder`` skipped without decoding, for its player to count once per
/// read batch. Shared by the decoder and its player, on their channel's event loop only.
final class SkippedFrames {
    /// Frames skipped, of any type.
    var frames = 0
    /// Of those, PLAYER_CURSOR frames.
    var cursors = 0
    /// Of those, GAME_OBJECT frames.
    var objects = 0
    /// Of those, frames of types the message table does not name (a newer server's), since
    /// the connection opened: never reset by ``take()``.
    var unknown = 0

    init() {}

    /// Returns the counts so far and starts again from zero.
    func take() -> (frames: Int, cursors: Int, objects: Int) {
        defer { (frames, cursors, objects) = (0, 0, 0) }
        return (frames, cursors, objects)
    }
}
