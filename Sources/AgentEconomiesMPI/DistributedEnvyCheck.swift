import AgentEconomiesKernels

extension DistributedKernels {
    /// Agents per block of the distributed envy check (contiguous blocks per rank: every
    /// envious agent costs about the same).
    public static let envyBlockRows = 4_096

    /// `AuctionKernels.envyCheck(_:path:tiles:threads:)` over the ranks: each rank checks a
    /// contiguous range of envious agents against every bundle; the per-agent counts are
    /// gathered (8 bytes per agent) and the largest gap is a maximum over the ranks. The
    /// report (counts, violations recomputed on demand, largest gap) equals the
    /// single-process check's for any rank count. The sorted path runs as in one process;
    /// the tiled path runs as the pairwise one (the same exact decisions).
    ///
    /// - Parameters:
    ///   - input: the whole check's input, the same on every rank.
    ///   - path: the check's path (`.automatic`: as the single-process check chooses).
    ///   - threads: worker threads per rank (`nil`: the kernels' default).
    ///   - communicator: the ranks.
    /// - Throws: as the single-process check, and ``MPIError``.
    /// - Complexity: per rank, the single-process check restricted to its `agents / ranks` envious
    ///   agents (the sorted path still builds its per-good lists over every bundle), plus an
    ///   all-gather of 8 bytes per agent.
    public static func envyCheck(
        _ input: AuctionKernels.EnvyCheckInput, path: AuctionKernels.EnvyPath = .automatic, threads: Int? = nil,
        communicator: Communicator
    ) throws -> EnvyReport {
        let agents = input.valuations.rows
        let mine = Partition.contiguous(
            count: agents, block: envyBlockRows, rank: communicator.rank, size: communicator.size)
        let local = try AuctionKernels.envyCounts(input, envious: mine, path: path, threads: threads)
        let counts = try communicator.allGatherConcatenated(local.counts.map(Int64.init)).values.map { Int($0) }
        let largest = try communicator.maximum(local.largestGap)
        return EnvyReport(input: input, counts: counts, largestGap: largest)
    }
}
