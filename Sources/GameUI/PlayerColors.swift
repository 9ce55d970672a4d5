/// Gives each player a colour slot, distinct from the slots of the other players on this
/// screen while there are no more players than slots.
public enum PlayerColors {
    /// Slots 0..<count. The renderer maps them to twelve hues of the 256-colour palette,
    /// to six colours in bold and plain on an 8-colour terminal, and to attributes
    /// without colours (see `CursesPalette`).
    public static let count = 12

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
