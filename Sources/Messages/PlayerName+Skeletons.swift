extension PlayerName {
    /// A name's two look-alike keys (``PlayerName/skeletons(of:)``); often both the same.
    public struct Skeletons: Hashable, Sendable {
        /// The skeleton of the case-folded name.
        public var folded: String
        /// The skeleton of the name as written, case-folded after.
        public var written: String

        public init(folded: String, written: String) {
            self.folded = folded
            self.written = written
        }
    }
}
