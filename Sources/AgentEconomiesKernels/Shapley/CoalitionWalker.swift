/// Builds coalitions one player at a time and values them; the sampling estimators walk
/// permutations and sampled coalitions through this.
package protocol CoalitionWalker {
    /// Back to the empty coalition.
    mutating func reset()
    /// Adds a player.
    mutating func add(_ player: Int)
    /// The current coalition's value.
    mutating func value() -> Double
}
