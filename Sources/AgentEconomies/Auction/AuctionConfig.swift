/// Configuration of the Dworkin auction; the reference's defaults.
public struct AuctionConfig: Equatable, Sendable {
    /// Budget of a bid that states none (> 0).
    public var initialEndowment: Double
    /// Largest number of tatonnement rounds (>= 1).
    public var maxRounds: Int
    /// Price change speed, in (0, 1].
    public var priceAdjustmentRate: Double
    /// The market has converged when the largest |excess demand| is below this (> 0).
    public var convergenceTolerance: Double
    /// Utility gap tolerated before an agent counts as envious (>= 0).
    public var envyTolerance: Double
    /// How prices and allocations are found: the reference's tatonnement (default), or the
    /// competitive-equilibrium solver.
    public var solver: AuctionSolver

    /// A configuration; every argument defaults to the reference's value.
    public init(
        initialEndowment: Double = 100.0, maxRounds: Int = 50, priceAdjustmentRate: Double = 0.1,
        convergenceTolerance: Double = 0.01, envyTolerance: Double = 0.05,
        solver: AuctionSolver = .tatonnement
    ) {
        self.initialEndowment = initialEndowment
        self.maxRounds = maxRounds
        self.priceAdjustmentRate = priceAdjustmentRate
        self.convergenceTolerance = convergenceTolerance
        self.envyTolerance = envyTolerance
        self.solver = solver
    }

    /// Checks every field (and the solver's options).
    ///
    /// - Throws: `AgentEconomiesError` naming the field when `initialEndowment <= 0`,
    ///   `maxRounds < 1`, `priceAdjustmentRate` is not in (0, 1], `convergenceTolerance <= 0`,
    ///   `envyTolerance < 0`, or any of them is NaN or infinite.
    public func validate() throws {
        try Validate.positive(initialEndowment, "AuctionConfig.initialEndowment")
        try Validate.atLeast(maxRounds, 1, "AuctionConfig.maxRounds")
        try Validate.positive(priceAdjustmentRate, "AuctionConfig.priceAdjustmentRate")
        if priceAdjustmentRate > 1 {
            throw AgentEconomiesError.outOfRange(
                field: "AuctionConfig.priceAdjustmentRate",
                value: "\(priceAdjustmentRate)", requirement: "in (0, 1]")
        }
        try Validate.positive(convergenceTolerance, "AuctionConfig.convergenceTolerance")
        try Validate.nonNegative(envyTolerance, "AuctionConfig.envyTolerance")
        if case let .competitiveEquilibrium(options) = solver { try options.validate() }
    }

    /// The kernel parameters of this configuration.
    public var runParameters: AuctionKernels.RunParameters {
        let solver: AuctionKernels.Solver
        switch self.solver {
        case .tatonnement:
            solver = .tatonnement(
                AuctionKernels.TatonnementParameters(
                    maxRounds: maxRounds, rate: priceAdjustmentRate, tolerance: convergenceTolerance))
        case let .competitiveEquilibrium(options):
            solver = .competitiveEquilibrium(options)
        }
        return AuctionKernels.RunParameters(solver: solver, envyTolerance: envyTolerance)
    }
}

/// The options of ``AuctionSolver/competitiveEquilibrium(_:)``: `tolerance` for both
/// certificate measures (default 1e-6) and `maxIterations` passes over the agents.
public typealias EquilibriumOptions = AuctionKernels.EquilibriumParameters
