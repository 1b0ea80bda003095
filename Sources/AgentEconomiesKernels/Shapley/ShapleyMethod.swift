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
    public static func estimate(_ game: AdditiveGame, method: ShapleyMethod) throws -> Estimate {
        switch method {
        case .exact: return try exact(game)
        case let .permutation(parameters): return try permutation(game, parameters: parameters)
        case let .regression(parameters): return try regression(game, parameters: parameters)
        case .automatic:
            return game.players <= 16
                ? try exact(game)
                : try permutation(game, parameters: SamplingParameters(maxPermutations: 2_000))
        }
    }

    /// The estimate of `game` by `method` (see ``estimate(_:method:)-(AdditiveGame,_)``).
    public static func estimate(_ game: CoalitionFunctionGame, method: ShapleyMethod) throws -> Estimate {
        switch method {
        case .exact: return try exact(game)
        case let .permutation(parameters): return try permutation(game, parameters: parameters)
        case let .regression(parameters): return try regression(game, parameters: parameters)
        case .automatic:
            return game.players <= 16
                ? try exact(game)
                : try permutation(game, parameters: SamplingParameters(maxPermutations: 2_000))
        }
    }
}
