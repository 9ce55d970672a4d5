import Messages
import Testing

@testable import Load

@Suite("mousy load's box dragger")
struct BoxDraggerTests {
    private static func box(_ id: UInt32, x: Int32, y: Int32, holder: String = "", tick: UInt64 = 1) -> GameObject {
        GameObject.with { ($0.id, $0.x, $0.y, $0.w, $0.h, $0.holder, $0.tick) = (id, x, y, 20, 10, holder, tick) }
    }

    @Test("no box known: moves with no button; then a press over a free box's middle, drags with the button held, a release")
    func stroke() {
        var dragger = BoxDragger(index: 0)
        #expect(!dragger.nextMove().leftClick)
        dragger.saw(Self.box(1, x: 100, y: 200, holder: "someone"))
        #expect(!dragger.nextMove().leftClick, "a held box is not pressed on")
        dragger.saw(Self.box(2, x: 300, y: 400))
        var moves: [MouseMove] = []
        for _ in 0..<BoxDragger.strokeMoves { moves.append(dragger.nextMove()) }
        #expect(moves[0].x == 310 && moves[0].y == 405 && moves[0].leftClick)
        #expect(moves.dropFirst().dropLast().allSatisfy { $0.leftClick && (0..<800).contains($0.x) && (0..<600).contains($0.y) })
        #expect(Set(moves.map(\.x)).count > 10, "the pointer travels while the button is held")
        let (release, lastDrag) = (moves[moves.count - 1], moves[moves.count - 2])
        #expect(!release.leftClick && release.x == lastDrag.x && release.y == lastDrag.y, "let go where it was dragged to")
    }

    @Test("an older state of a box is ignored; the pointer stays inside the world")
    func olderIgnored() {
        var dragger = BoxDragger(index: 3)
        dragger.saw(Self.box(1, x: 770, y: 580, tick: 5))
        dragger.saw(Self.box(1, x: 0, y: 0, tick: 4))
        #expect(dragger.boxes[1]?.x == 770)
        for _ in 0..<(BoxDragger.strokeMoves * 5) {
            let move = dragger.nextMove()
            #expect((0..<800).contains(move.x) && (0..<600).contains(move.y))
        }
    }
}
