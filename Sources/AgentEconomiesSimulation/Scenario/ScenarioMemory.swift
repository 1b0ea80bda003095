extension Scenario {
    /// Bytes a run holds whatever its size (the binary, its libraries, thread stacks, BLAS
    /// buffers).
    static let fixedBytes = 150e6
    /// Bytes per agent held through the epoch (population, wallets, learners, step columns).
    static let bytesPerAgent = 260.0
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
    /// `simulate` on `baseline` (20 interactions per agent, 64 resources; `/usr/bin/time -v`
    /// on the 2-core VM, 2026-12-05: 1.60 GB peak at 1,000,000 agents and 14.72 GB at
    /// 10,000,000, where the estimate gives 1.61 GB and 14.75 GB; per-step VmHWM puts the peak
    /// in the Sybil step, the auction's 0.3 GB per million agents below it). The C ABI refuses a simulation whose estimate
    /// exceeds the machine's physical memory (`AE_ERROR_OUT_OF_MEMORY`) instead of letting an
    /// allocation fail and abort the host.
    ///
    /// - Complexity: O(1).
    public var estimatedPeakBytes: Double {
        let n = Double(agents), drawn = n * Double(interactions.perAgent)
        let sybil = drawn * Self.bytesPerInteractionSybil
        let auction = drawn * Self.bytesPerInteractionHeld + n * Double(self.auction.resources) * Self.bytesPerAgentResource
        return Self.fixedBytes + n * Self.bytesPerAgent + max(sybil, auction)
    }
}
