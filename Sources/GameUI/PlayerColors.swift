/// Gives each player a colour slot, distinct from the slots of the other players on this
/// screen while there are no more players than slots.
public enum PlayerColors {
    /// Slots 0..<count. The renderer maps them to twelve hues of the 256-colour palette,
    /// to six colours in bold and plain on an 8-colour terminal, and to attributes
    /// without colours (see `CursesPalette`).
    public static let count = 12

    /// The slots' hues on a 256-colour terminal, as palette indices: twelve hues 30°
    /// apart from the colour cube (red, orange, yellow, chartreuse, green, spring green,
    /// cyan, azure, blue, violet, magenta, rose). Both backends draw with these.
    public static let extendedHues: [UInt8] = [196, 208, 226, 118, 46, 48, 51, 39, 63, 129, 201, 205]

    /// The hues on an 8-colour terminal: red, green, yellow, blue, magenta, cyan (slots
    /// 6 to 11 take them again, plain instead of bold).
    public static let basicHues: [UInt8] = [1, 2, 3, 4, 5, 6]

    /// The slot a name prefers: stable across runs and machines.
    public static func slot(for name: String) -> Int {
        // FNV-1a: stable across runs and machines, unlike Hasher.
        var hash: UInt32 = 2_166_136_261
        for byte in name.utf8 {
            hash = (hash ^ UInt32(byte)) &* 16_777_619
        }
        return Int(hash % UInt32(count))
    }

    /// The slot for a newcomer called `name`: its preferred slot if free, else the next
    /// free one; when all are taken, the least used.
    public static func slot(for name: String, taken: [Int]) -> Int {
        var uses = [Int](repeating: 0, count: count)
        for slot in taken where (0..<count).contains(slot) { uses[slot] += 1 }
        return slot(for: name, uses: uses)
    }

    /// The slot for a newcomer called `name`, given how many players hold each slot
    /// (`uses[slot]`): its preferred slot if among the least used, else the next such one.
    public static func slot(for name: String, uses: [Int]) -> Int {
        let preferred = slot(for: name)
        guard uses.count == count else { return preferred }
        let fewest = uses.min() ?? 0
        for offset in 0..<count where uses[(preferred + offset) % count] == fewest {
            return (preferred + offset) % count
        }
        return preferred
    }
}
