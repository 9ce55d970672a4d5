/// The boxes of one world and the rules that move them, after Go-Shapes: a box that
/// overlaps another steps away by a random amount each tick until nothing overlaps; a
/// player drags a box with the left button; a dragged box sends every box it touches
/// back towards the centre, and the world settles again. Boxes never leave the world.
///
/// A value with no clock, sockets or locks: its owner (one event loop on the server)
/// calls ``step()`` at its tick rate, feeds pointers in with ``submit(_:)``, and stops
/// ticking while ``isSettled``, so a settled world costs nothing. The same seed and the
/// same inputs give the same world.
public struct ShapeWorld: Sendable {
    public let configuration: ShapeWorldConfiguration
    /// Every box, in id order (`boxes[i].id == i + 1`).
    public private(set) var boxes: [Box]
    /// Ticks stepped so far.
    public private(set) var tickCount: UInt64 = 0
    /// Nothing overlaps, nothing travels and no input waits: a step would change nothing.
    public private(set) var isSettled = false

    private struct Grab: Sendable {
        var player: UInt32
        var index: Int
        var offsetX: Int32
        var offsetY: Int32
    }

    private var random: SeededGenerator
    private var grid: SpatialGrid
    private var homing: [Bool]
    private var changed: [Bool]
    private var changedOrder: [Int] = []
    private var grabs: [Grab] = []
    private var buttonDown: [UInt32: Bool] = [:]
    private var inputs: [DragInput] = []
    private var pendingPerPlayer: [UInt32: (last: Int, count: Int)] = [:]
    private var hits: [Int] = []

    /// Places `configuration.count` boxes of random sizes at random places, from the seed.
    public init(configuration: ShapeWorldConfiguration) {
        self.configuration = configuration
        random = SeededGenerator(seed: configuration.seed)
        let width = max(configuration.width, 1)
        let height = max(configuration.height, 1)
        let largest = max(min(configuration.maxSide, width, height), 1)
        let smallest = min(max(configuration.minSide, 1), largest)
        var boxes: [Box] = []
        boxes.reserveCapacity(max(configuration.count, 0))
        for id in 0..<max(configuration.count, 0) {
            let w = Int32.random(in: smallest...largest, using: &random)
            let h = Int32.random(in: smallest...largest, using: &random)
            let x = Int32.random(in: 0...(width - w), using: &random)
            let y = Int32.random(in: 0...(height - h), using: &random)
            boxes.append(Box(id: UInt32(id + 1), x: x, y: y, width: w, height: h))
        }
        self.boxes = boxes
        grid = SpatialGrid(width: width, height: height, cellSize: max(largest, 8))
        homing = Array(repeating: false, count: boxes.count)
        changed = Array(repeating: false, count: boxes.count)
    }

    /// The box a player holds, if any.
    public func box(heldBy player: UInt32) -> Box? {
        grabs.first { $0.player == player }.map { boxes[$0.index] }
    }

    /// Boxes travelling back to the centre now.
    public var travellingCount: Int { homing.reduce(0) { $0 + ($1 ? 1 : 0) } }

    /// A player's pointer, applied at the next step in the order submitted. At most three
    /// wait per player and step: the first is kept (a press lands where it was made), and
    /// a later pointer replaces the last one when that one has the same button state, or
    /// when three wait; so a flood of moves costs three entries and a drag ends where the
    /// latest pointer is.
    public mutating func submit(_ input: DragInput) {
        isSettled = false
        if let pending = pendingPerPlayer[input.player] {
            if pending.count >= 3 || (pending.count >= 2 && inputs[pending.last].left == input.left) {
                inputs[pending.last] = input
                return
            }
            pendingPerPlayer[input.player] = (inputs.count, pending.count + 1)
        } else {
            pendingPerPlayer[input.player] = (inputs.count, 1)
        }
        inputs.append(input)
    }

    /// Pointers waiting for the next step.
    var pendingInputCount: Int { inputs.count }

    /// A player left or went silent: the box it held is dropped where it is.
    public mutating func removePlayer(_ player: UInt32) {
        buttonDown[player] = nil
        guard let g = grabs.firstIndex(where: { $0.player == player }) else { return }
        let index = grabs[g].index
        grabs.remove(at: g)
        boxes[index].holder = 0
        markChanged(index)
        isSettled = false
    }

    /// One tick: the pointers submitted since the last step, then pushes, travel home,
    /// and one separating step for every overlapping box. Returns the boxes that changed
    /// (moved, picked up or dropped) since the last step, in the order they first changed.
    public mutating func step() -> [Box] {
        tickCount &+= 1
        var dragged: [Int] = []
        for input in inputs { apply(input, dragged: &dragged) }
        inputs.removeAll(keepingCapacity: true)
        pendingPerPlayer.removeAll(keepingCapacity: true)

        grid.rebuild(boxes, skipping: homing)
        for index in dragged {
            grid.overlaps(of: boxes[index], index: index, in: boxes, into: &hits)
            for other in hits where boxes[other].holder == 0 { homing[other] = true }
        }
        let travelling = travelHome()
        let overlapping = separate()
        isSettled = !travelling && !overlapping && inputs.isEmpty

        let result = changedOrder.map { boxes[$0] }
        for index in changedOrder { changed[index] = false }
        changedOrder.removeAll(keepingCapacity: true)
        return result
    }

    private mutating func apply(_ input: DragInput, dragged: inout [Int]) {
        let wasDown = buttonDown[input.player] ?? false
        buttonDown[input.player] = input.left
        if let g = grabs.firstIndex(where: { $0.player == input.player }) {
            let grab = grabs[g]
            place(grab.index, x: input.x &- grab.offsetX, y: input.y &- grab.offsetY)
            dragged.append(grab.index)
            if !input.left {
                boxes[grab.index].holder = 0
                grabs.remove(at: g)
                markChanged(grab.index)
            }
            return
        }
        guard input.left, !wasDown else { return }
        // The topmost free box under the pointer: later boxes are drawn over earlier ones.
        guard let index = boxes.lastIndex(where: { $0.holder == 0 && $0.contains(x: input.x, y: input.y) }) else {
            return
        }
        boxes[index].holder = input.player
        homing[index] = false
        grabs.append(Grab(player: input.player, index: index, offsetX: input.x &- boxes[index].x, offsetY: input.y &- boxes[index].y))
        markChanged(index)
    }

    /// Moves every box sent home one step towards the centre; true while any travels.
    private mutating func travelHome() -> Bool {
        var travelling = false
        let speed = Double(max(configuration.homingSpeed, 1))
        for index in boxes.indices where homing[index] {
            let box = boxes[index]
            let targetX = (configuration.width - box.width) / 2
            let targetY = (configuration.height - box.height) / 2
            let dx = Double(targetX) - Double(box.x)
            let dy = Double(targetY) - Double(box.y)
            let distance = (dx * dx + dy * dy).squareRoot()
            if distance <= speed {
                place(index, x: targetX, y: targetY)
                homing[index] = false
            } else {
                place(index, x: box.x &+ Int32((dx / distance * speed).rounded()), y: box.y &+ Int32((dy / distance * speed).rounded()))
                travelling = true
            }
        }
        return travelling
    }

    /// One random step away from its overlaps for every free box that overlaps another
    /// (boxes travelling home pass over the others); true when any overlap was found.
    private mutating func separate() -> Bool {
        grid.rebuild(boxes, skipping: homing)
        var overlapping = false
        let maxStep = max(configuration.maxStep, 1)
        for index in boxes.indices where !homing[index] {
            let box = boxes[index]
            let centre = box.doubledCentre
            var awayX = 0.0
            var awayY = 0.0
            grid.overlaps(of: box, index: index, in: boxes, into: &hits)
            for other in hits {
                let otherCentre = boxes[other].doubledCentre
                awayX += Double(centre.x - otherCentre.x)
                awayY += Double(centre.y - otherCentre.y)
            }
            guard !hits.isEmpty else { continue }
            overlapping = true
            guard box.holder == 0 else { continue }  // a held box stays where its holder puts it
            var length = (awayX * awayX + awayY * awayY).squareRoot()
            if length == 0 {  // the same centre: any direction will do
                awayX = Double(Int32.random(in: -100...100, using: &random))
                awayY = Double(Int32.random(in: -100...100, using: &random))
                length = max((awayX * awayX + awayY * awayY).squareRoot(), 1)
            }
            let stride = Double(Int32.random(in: 1...maxStep, using: &random))
            let jitterX = Int32.random(in: -1...1, using: &random)
            let jitterY = Int32.random(in: -1...1, using: &random)
            place(
                index,
                x: box.x &+ Int32((awayX / length * stride).rounded()) &+ jitterX,
                y: box.y &+ Int32((awayY / length * stride).rounded()) &+ jitterY
            )
        }
        return overlapping
    }

    /// Puts a box at a place, kept inside the world, and notes the change if it moved.
    private mutating func place(_ index: Int, x: Int32, y: Int32) {
        let box = boxes[index]
        let clampedX = min(max(x, 0), max(configuration.width - box.width, 0))
        let clampedY = min(max(y, 0), max(configuration.height - box.height, 0))
        guard clampedX != box.x || clampedY != box.y else { return }
        boxes[index].x = clampedX
        boxes[index].y = clampedY
        markChanged(index)
    }

    private mutating func markChanged(_ index: Int) {
        guard !changed[index] else { return }
        changed[index] = true
        changedOrder.append(index)
    }
}
