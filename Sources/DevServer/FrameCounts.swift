import Messages

/// Frames counted by type: one slot per known frame type, and one for anything else.
/// An array of plain integers, so counting a frame on the hot path is one indexed add.
public struct FrameCounts: Sendable, Hashable {
    /// The frame types counted one by one; anything else counts as `.unknown`.
    public static let types: [MType] = MType.allCases.filter { if case .UNRECOGNIZED = $0 { false } else { true } }

    private var counts = [Int](repeating: 0, count: FrameCounts.types.count)

    public init() {}

    /// Frames of every type.
    public var total: Int { counts.reduce(0, +) }

    /// Frames of one type.
    public subscript(type: MType) -> Int {
        get { counts[Self.slot(type)] }
        set { counts[Self.slot(type)] = newValue }
    }

    mutating func count(_ type: MType, by amount: Int = 1) {
        counts[Self.slot(type)] += amount
    }

    private static func slot(_ type: MType) -> Int {
        let raw = type.rawValue
        return raw > 0 && raw < types.count ? raw : 0
    }

    static func + (a: FrameCounts, b: FrameCounts) -> FrameCounts {
        var sum = a
        for index in sum.counts.indices { sum.counts[index] += b.counts[index] }
        return sum
    }
}

extension FrameCounts {
    /// The frame type's name in PROTOCOL.md, e.g. "MOUSE_EVENT": the `type` label of the metrics.
    static func label(of type: MType) -> String {
        type.framedMessage == nil ? "UNKNOWN" : type.protoName
    }
}
