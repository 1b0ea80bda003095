/// Shapley values of cooperative games: exact, permutation sampling, and regression.
///
/// The Shapley value of player `i` is the average of its marginal contribution
/// `v(S + i) - v(S)` over all orders in which the players can arrive. Every estimator here
/// is efficient: values add up to `v(N) - v(empty)` (exactly for the exact method and for
/// each sampled permutation, by construction for the regression).
public enum ShapleyKernels {
    /// Values, their standard errors and the work done.
    public struct Estimate: Equatable, Sendable {
        /// One value per player.
        public var values: [Double]
        /// Standard error of each value: 0 for exact values; for permutation sampling the
        /// sample standard deviation of the antithetic-pair means over the square root of the
        /// number of pairs; empty for the regression estimator.
        public var standardErrors: [Double]
        /// Coalition values computed (exact, regression) or marginal contributions evaluated
        /// (permutation sampling).
        public var evaluations: Int
        /// Permutations walked (permutation sampling) or coalitions sampled (regression); 0
        /// for exact values.
        public var samples: Int
        /// `v(N) - v(empty)`, which the values add up to.
        public var grandValue: Double
    }

    /// Largest player count for exact values: 2^n coalition values must fit in memory.
    public static let maximumExactPlayers = 26
}
