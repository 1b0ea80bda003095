/// What each agent does this epoch, decided before the interactions are drawn (see
/// <doc:WalletsAndLearning>): whether it may act, how many of its `per_agent` interactions it initiates,
/// the mean quality it aims for and the share it makes deliberately harmful, and each Sybil
/// ring's obfuscation. Scripted agents keep their type's behaviour; adaptive ones follow their
/// learners.
public struct EpochPlan: Sendable, Equatable {
    /// Whether each agent may act (agents in oversized Sybil clusters sit one out).
    public var active: [Bool]
    /// Per agent, the share of `per_agent` interactions it initiates, in [0, 1].
    public var activity: [Double]
    /// Per agent, the shift added to its type's `p_mean`.
    public var qualityShift: [Double]
    /// Per agent, the share of its interactions made at p = `EpochInteractions.harmfulP`.
    public var harmfulShare: [Double]
    /// Per Sybil ring, the share of its members' interactions sent to random counterparties.
    public var obfuscation: [Double]

    /// Every agent active, at full activity and its type's quality; rings at `obfuscation`.
    ///
    /// - Complexity: O(agents + rings).
    public init(agents: Int, rings: Int, obfuscation: Double) {
        active = [Bool](repeating: true, count: agents)
        activity = [Double](repeating: 1, count: agents)
        qualityShift = [Double](repeating: 0, count: agents)
        harmfulShare = [Double](repeating: 0, count: agents)
        self.obfuscation = [Double](repeating: obfuscation, count: rings)
    }

    /// The interactions `agent` initiates this epoch.
    @inline(__always)
    func interactions(_ agent: Int, perAgent: Int) -> Int {
        let share = activity[agent]
        return share >= 1 ? perAgent : Int((Double(perAgent) * share).rounded())
    }
}
