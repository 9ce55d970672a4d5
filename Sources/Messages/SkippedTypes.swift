/// Frames a ``FrameDecoder`` read past because the message table does not name their
/// type, counted by type byte; and the types seen for the first time, not yet reported.
public struct SkippedTypes: Sendable, Hashable {
    private var counts: [UInt8: Int] = [:]
    private var newTypes: [UInt8] = []

    public init() {}

    /// Frames skipped, of every type.
    public private(set) var total = 0

    /// Frames skipped of the type `byte`.
    public subscript(byte: UInt8) -> Int { counts[byte, default: 0] }

    /// Whether a type was seen for the first time since the last ``takeNewTypes()``.
    public var hasNewTypes: Bool { !newTypes.isEmpty }

    mutating func record(_ byte: UInt8) {
        total += 1
        let count = counts[byte, default: 0]
        if count == 0 { newTypes.append(byte) }
        counts[byte] = count + 1
    }

    /// The types seen for the first time since the last call, in the order they came.
    mutating func takeNewTypes() -> [UInt8] {
        defer { newTypes = [] }
        return newTypes
    }
}
