extension Scenario {
    /// Bytes per agent held through the epoch (population, wallets, learners, step columns).
    static let bytesPerAgent = 250.0
    /// Bytes per interaction held through the epoch (counterparty, p, accepted).
    static let bytesPerInteractionHeld = 13.0
    /// Bytes per interaction during the Sybil step (the held draw, the symmetric pattern
    /// matrix and the join's ranked keys and prefix indexes).
    static let bytesPerInteractionSybil = 60.0
    /// Bytes per agent and resource during the auction (valuations, drawn for the step, demands,
    /// allocations, the envy check).
    static let bytesPerAgentResource = 14.0

    /// An estimate of a run's peak resident memory in bytes, from its agents, interactions per
    /// agent and resources: the larger of the Sybil step's and the auction's, fitted to
    /// `simulate` on `baseline` (20 interactions per agent, 64 resources; per-step VmHWM on the
    /// 2-core VM, 2026-12-05: 1.46 GB at 1,000,000 agents in the Sybil step, 1.18 GB in the
    /// auction; the estimate gives 1.45 GB). The C ABI refuses a simulation whose estimate
    /// exceeds the machine's physical memory (`AE_ERROR_OUT_OF_MEMORY`) instead of letting an
    /// allocation fail and abort the host.
    ///
    /// - Complexity: O(1).
    public var estimatedPeakBytes: Double {
        let n = Double(agents), drawn = n * Double(interactions.perAgent)
        let sybil = drawn * Self.bytesPerInteractionSybil
        let auction = drawn * Self.bytesPerInteractionHeld + n * Double(self.auction.resources) * Self.bytesPerAgentResource
        return n * Self.bytesPerAgent + max(sybil, auction)
    }
}
