import Messages

/// The moves of a `mousy load` player that drags boxes of the server's world
/// (PROTOCOL.md, "World objects"): it presses the left button over the middle of a box
/// it last saw free, drags it along a straight line, bouncing off the world's edges, for
/// ``strokeMoves`` moves with the button held, releases it, and starts again with
/// another box. It learns where the boxes are from the GAME_OBJECT frames it is sent.
/// Pure, so it is tested without sockets.
struct BoxDragger {
    /// Moves per stroke: the press, the drags with the button held, the release.
    static let strokeMoves = 30
    /// The most boxes remembered (a server may send any number of ids).
    static let capacity = 4096

    /// Each box's latest state, by id.
    private(set) var boxes: [UInt32: GameObject] = [:]
    private var pointer = (x: Int32(400), y: Int32(300))
    private var direction: (x: Int32, y: Int32)
    private var move = 0
    private var choice: Int

    /// Player `index`'s dragger: its direction and its choice of boxes follow from the index.
    init(index: Int) {
        choice = index &* 7919
        let directions: [(Int32, Int32)] = [(6, 4), (-6, 4), (6, -4), (-6, -4), (4, 6), (-4, 6), (4, -6), (-4, -6)]
        direction = directions[index % directions.count]
    }

    /// Takes in a GAME_OBJECT the player was sent (a state older than the one held is
    /// ignored, as a screen does).
    mutating func saw(_ object: GameObject) {
        if let known = boxes[object.id] {
            guard known.tick <= object.tick else { return }
        } else if boxes.count >= Self.capacity {
            return
        }
        boxes[object.id] = object
    }

    /// The next MouseMove: a press over a free box, a drag, or the release. Until a box
    /// is known, the pointer moves with no button held.
    mutating func nextMove() -> MouseMove {
        defer { move = (move + 1) % Self.strokeMoves }
        var mouse = MouseMove()
        switch move {
        case 0:
            guard let box = pickFree() else {
                move = Self.strokeMoves - 1  // nothing to press on yet: try again next move
                stepPointer()
                mouse.x = pointer.x
                mouse.y = pointer.y
                return mouse
            }
            pointer = (box.x &+ Int32(clamping: box.w / 2), box.y &+ Int32(clamping: box.h / 2))
            mouse.leftClick = true
        case Self.strokeMoves - 1:
            mouse.leftClick = false
        default:
            stepPointer()
            mouse.leftClick = true
        }
        mouse.x = pointer.x
        mouse.y = pointer.y
        return mouse
    }

    /// A box last seen free, chosen in turn from the player's own sequence.
    private mutating func pickFree() -> GameObject? {
        guard !boxes.isEmpty else { return nil }
        let free = boxes.values.filter { $0.holder.isEmpty }.sorted { $0.id < $1.id }
        guard !free.isEmpty else { return nil }
        choice = choice &+ 1
        return free[abs(choice % free.count)]
    }

    /// One step along the line, bouncing off the edges of the 800 x 600 world.
    private mutating func stepPointer() {
        if pointer.x &+ direction.x < 0 || pointer.x &+ direction.x > 799 { direction.x = -direction.x }
        if pointer.y &+ direction.y < 0 || pointer.y &+ direction.y > 599 { direction.y = -direction.y }
        pointer.x = min(max(pointer.x &+ direction.x, 0), 799)
        pointer.y = min(max(pointer.y &+ direction.y, 0), 599)
    }
}
