extension AuctionKernels {
    /// The envy check's result for a range of envious agents (against every bundle): what a
    /// worker or a process computes when the check is split over agents. Counts are integers
    /// and the largest gap a maximum, so putting ranges together does not depend on the split.
    package struct EnvyCounts: Sendable, Equatable {
        /// The envious agents covered.
        package var envious: Range<Int>
        /// Violations of each agent of `envious`, in agent order.
        package var counts: [Int]
        /// The largest affordable gap of these agents (`-infinity` when none).
        package var largestGap: Double

        package init(envious: Range<Int>, counts: [Int], largestGap: Double) {
            self.envious = envious
            self.counts = counts
            self.largestGap = largestGap
        }
    }

    /// The envy check (``envyCheck(_:path:tiles:threads:)``) restricted to the envious agents
    /// `envious`: their counts and largest gap, equal to the whole check's for those agents.
    /// The sorted path runs as in the whole check; the tiled path is replaced by the pairwise
    /// one, which decides every pair identically (both are exact).
    ///
    /// - Throws: as ``envyCheck(_:path:tiles:threads:)``, and
    ///   ``AgentEconomiesError/outOfRange(field:value:requirement:)`` when `envious` is not
    ///   within the agents.
    /// - Complexity: O(agents x resources) to choose the path, then for the `envious.count` envious
    ///   agents the sorted path's O(resources x agents log agents + envious.count x multi-good
    ///   bundles) or the pairwise path's O(envious.count x agents x mean bundle entries), over the
    ///   workers.
    package static func envyCounts(
        _ input: EnvyCheckInput, envious: Range<Int>, path: EnvyPath = .automatic, threads: Int? = nil
    ) throws -> EnvyCounts {
        try input.validate()
        let agents = input.valuations.rows
        if envious.lowerBound < 0 || envious.upperBound > agents {
            throw AgentEconomiesError.outOfRange(
                field: "envious", value: "\(envious)", requirement: "within 0..<\(agents)")
        }
        if path.resolved(for: input, threads: threads) == .sorted {
            return sortedEnvyCounts(input, envious: envious, threads: threads)
        }
        return pairwiseEnvyCounts(input, envious: envious, threads: threads)
    }
}
