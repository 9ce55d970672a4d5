/// Gives each player name a stable colour slot, the same on every screen.
enum PlayerColors {
    /// Slots 0..<count; the renderer maps them to red, green, yellow, blue, magenta, cyan.
    static let count = 6

    static func slot(for name: String) -> Int {
        // FNV-1a: stable across runs and machines, unlike Hasher.
        var hash: UInt32 = 2_166_136_261
        for byte in name.utf8 {
            hash = (hash ^ UInt32(byte)) &* 16_777_619
        }
        return Int(hash % UInt32(count))
    }
}
