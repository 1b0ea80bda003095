/// Boundary permeability over columns of interactions (see <doc:Contagion>): contagion
/// probabilities, spillover simulation and the optimal-permeability grid search.
///
/// Inputs are parallel columns: `p` (each in [0, 1]) and `accepted`. Only accepted
/// interactions take part, as in the reference. Every formula is the reference's, with its
/// evaluation order, so single values agree bit for bit.
public enum PermeabilityKernels {
    /// The model's rates.
    public struct Rates: Equatable, Sendable {
        /// Base contagion rate, in [0, 1].
        public var contagionRate: Double
        /// Harm multiplier of a spillover, `>= 0`.
        public var spilloverAmplification: Double

        /// Rates as given; every kernel checks them (``validate()``) before use.
        public init(contagionRate: Double, spilloverAmplification: Double) {
            self.contagionRate = contagionRate
            self.spilloverAmplification = spilloverAmplification
        }

        /// Throws ``AgentEconomiesError`` naming the rate outside its range (a negative rate
        /// would make harms negative and break the grid search's bounds).
        public func validate() throws {
            try Validate.finite(contagionRate, "Rates.contagionRate")
            if contagionRate < 0 || contagionRate > 1 {
                throw AgentEconomiesError.outOfRange(
                    field: "Rates.contagionRate", value: "\(contagionRate)", requirement: "in [0, 1]")
            }
            try Validate.nonNegative(spilloverAmplification, "Rates.spilloverAmplification")
        }
    }

    /// `max(0, min(1, x))` with Python's argument order, so NaN gives 1 as in the reference.
    @inlinable
    public static func clampUnit(_ x: Double) -> Double {
        let upper = x < 1.0 ? x : 1.0
        return upper > 0.0 ? upper : 0.0
    }

    /// The adaptive effective permeability:
    /// `clamp01(base * clamp01(1 - threat * sensitivity) * (0.5 + 0.5 * trust))`, in the
    /// reference's evaluation order (arguments outside [0, 1] are used as given).
    @inlinable
    public static func effectivePermeability(
        base: Double, threatLevel: Double, threatSensitivity: Double, agentTrust: Double
    ) -> Double {
        let threatFactor = clampUnit(1.0 - threatLevel * threatSensitivity)
        let trustFactor = 0.5 + 0.5 * agentTrust
        return clampUnit(base * threatFactor * trustFactor)
    }

    /// Probability that an interaction of quality `p` spreads: `clamp01(rate * (1 - p) * permeability)`.
    @inlinable
    public static func contagionProbability(p: Double, permeability: Double, contagionRate: Double) -> Double {
        clampUnit(contagionRate * (1.0 - p) * permeability)
    }

    /// Probability that a flow of quality `p` crosses: `permeability * (0.5 + 0.5 p)`.
    @inlinable
    public static func crossingProbability(p: Double, permeability: Double) -> Double {
        permeability * (0.5 + 0.5 * p)
    }

    /// Contagion probability of every interaction (accepted or not), in one pass.
    ///
    /// - Throws: ``AgentEconomiesError`` when `permeability` is not finite.
    /// - Complexity: O(n), parallel over fixed chunks.
    public static func contagionProbabilities(
        p: [Double], permeability: Double, contagionRate: Double,
        threads: Int? = nil
    ) throws -> [Double] {
        try Validate.finite(permeability, "permeability")
        var output = [Double](repeating: 0, count: p.count)
        p.withUnsafeBufferPointer { values in
            Parallel.fill(&output, chunkSize: chunkSize, threads: threads) { range, chunk in
                for (slot, index) in range.enumerated() {
                    chunk[slot] = contagionProbability(
                        p: values[index], permeability: permeability,
                        contagionRate: contagionRate)
                }
            }
        }
        return output
    }

    /// Work per parallel chunk; fixed, so results never depend on the thread count.
    public static let chunkSize = 1 << 16

    static func checkColumns(p: [Double], accepted: [Bool]) throws {
        try Validate.count(accepted.count, p.count, "accepted")
    }
}
