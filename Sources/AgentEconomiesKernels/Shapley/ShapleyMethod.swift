/// How Shapley values are computed for a mission's contributors.
public enum ShapleyMethod: Equatable, Sendable {
    /// All 2^n coalitions (up to ``ShapleyKernels/maximumExactPlayers`` contributors).
    case exact
    /// Permutation sampling with antithetic pairs, standard errors and an optional stopping rule.
    case permutation(ShapleyKernels.SamplingParameters)
    /// The KernelSHAP regression estimator (weighted least squares with the efficiency constraint).
    case regression(ShapleyKernels.RegressionParameters)
    /// Exact up to 16 contributors, else 2,000 sampled permutations (seed 0).
    case automatic
}

extension ShapleyKernels {
    /// The estimate of `game` by `method` (``ShapleyMethod/automatic``: exact up to 16
    /// players, else 2,000 sampled permutations with seed 0).
    ///
    /// - Complexity: that of the resolved estimator for n players and m aggregate columns:
    ///   O(2^n (n m + n)) exact, O(permutations n m) sampled, O(K (n m + n^2) + n^3) for K
    ///   regression coalitions.
    public static func estimate(_ game: AdditiveGame, method: ShapleyMethod) throws -> Estimate {
        switch method.resolved(players: game.players) {
        case let .permutation(parameters): return try permutation(game, parameters: parameters)
        case let .regression(parameters): return try regression(game, parameters: parameters)
        case .exact, .automatic: return try exact(game)
        }
    }

    /// The estimate of `game` by `method` (see ``estimate(_:method:)-(AdditiveGame,_)``).
    ///
    /// - Complexity: that of the resolved estimator for n players: O(2^n n) plus `2^n` calls of `v`
    ///   exact, O(permutations n) plus one call per marginal sampled, O(K n^2 + n^3) plus K calls
    ///   for K regression coalitions.
    public static func estimate(_ game: CoalitionFunctionGame, method: ShapleyMethod) throws -> Estimate {
        switch method.resolved(players: game.players) {
        case let .permutation(parameters): return try permutation(game, parameters: parameters)
        case let .regression(parameters): return try regression(game, parameters: parameters)
        case .exact, .automatic: return try exact(game)
        }
    }
}

extension ShapleyMethod {
    /// The concrete estimator for a game of `players`: ``automatic`` becomes ``exact`` up to
    /// 16 players, else 2,000 sampled permutations (seed 0); the others stay as they are.
    public func resolved(players: Int) -> ShapleyMethod {
        guard case .automatic = self else { return self }
        return players <= 16 ? .exact : .permutation(ShapleyKernels.SamplingParameters(maxPermutations: 2_000))
    }
}
