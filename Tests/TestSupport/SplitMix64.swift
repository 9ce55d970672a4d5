import Shapes

/// A small seeded random number generator (SplitMix64), so that a failing random case
/// can be replayed from its seed: the one the shapes' world is made with.
public typealias SplitMix64 = SeededGenerator
