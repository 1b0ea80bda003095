extension Scenario {
    /// Bytes per agent of a run's peak resident memory, beyond its interactions and auction.
    static let bytesPerAgent = 400.0
    /// Bytes per interaction drawn in an epoch (the draw, payoffs, patterns, spillovers).
    static let bytesPerInteraction = 50.0
    /// Bytes per agent and resource (valuations, demands, allocations, the envy check).
    static let bytesPerAgentResource = 14.0

    /// An estimate of a run's peak resident memory in bytes, from its agents, interactions per
    /// agent and resources, fitted to `/usr/bin/time -v` of `simulate` on `baseline` (20
    /// interactions per agent, 64 resources: 256 MB peak at 100,000 agents, 701 MB at 300,000,
    /// about 2.3 KB per agent; the estimate gives 2.3 KB): the C ABI refuses a simulation whose estimate exceeds the machine's physical memory
    /// (`AE_ERROR_OUT_OF_MEMORY`) instead of letting an allocation fail and abort the host.
    ///
    /// - Complexity: O(1).
    public var estimatedPeakBytes: Double {
        let n = Double(agents)
        return n * Self.bytesPerAgent + n * Double(interactions.perAgent) * Self.bytesPerInteraction
            + n * Double(auction.resources) * Self.bytesPerAgentResource
    }
}
