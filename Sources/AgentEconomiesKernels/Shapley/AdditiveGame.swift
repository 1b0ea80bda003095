/// A cooperative game whose value depends on per-player additive aggregates and one minimum:
/// `v(S) = value(sum over S of aggregates[i, :], min over S of minima[i])`.
///
/// Every mission metric has this form (counts, sums of p, accepted counts and welfare add up
/// over players; the smallest p is the one non-additive aggregate). The empty coalition gets
/// zero sums and minimum `+infinity`.
public struct AdditiveGame: Sendable {
    /// Per-player aggregates, players x columns.
    public let aggregates: Matrix<Double>
    /// Per-player minimum (`+infinity` for a player without one); empty when `value` ignores it.
    public let minima: [Double]
    /// The coalition's value from its column sums and its minimum.
    public let value: @Sendable (UnsafeBufferPointer<Double>, Double) -> Double

    /// A game.
    ///
    /// - Throws: ``AgentEconomiesError`` when `minima` is neither empty nor one per player,
    ///   or an aggregate or minimum is NaN (infinite minima are allowed).
    /// - Complexity: O(players x columns), one pass over the aggregates and minima.
    public init(
        aggregates: Matrix<Double>, minima: [Double] = [],
        value: @escaping @Sendable (UnsafeBufferPointer<Double>, Double) -> Double
    ) throws {
        if !minima.isEmpty { try Validate.count(minima.count, aggregates.rows, "AdditiveGame.minima") }
        for (index, entry) in aggregates.storage.enumerated() where !entry.isFinite {
            throw AgentEconomiesError.notFinite(
                field: "AdditiveGame.aggregates[\(index / max(1, aggregates.columns))]"
                    + "[\(index % max(1, aggregates.columns))]", value: entry)
        }
        for (index, entry) in minima.enumerated() where entry.isNaN {
            throw AgentEconomiesError.notFinite(field: "AdditiveGame.minima[\(index)]", value: entry)
        }
        self.aggregates = aggregates
        self.minima = minima
        self.value = value
    }

    /// Number of players.
    public var players: Int { aggregates.rows }
}
