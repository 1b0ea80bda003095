import AgentEconomiesKernels

extension DistributedKernels {
    /// `ShapleyKernels.permutation(_:parameters:threads:)` (antithetic permutation sampling
    /// on an additive game) with each round's chunks of `ShapleyKernels.pairsPerChunk`
    /// pairs split over the ranks: pair `k` draws its order from stream `k` of the seed
    /// wherever it runs, and the chunks' sums (2 x players x 8 bytes each) are gathered and
    /// added in chunk order, so the values, standard errors and the stopping round are the
    /// single-process estimate's, bit for bit.
    ///
    /// - Parameters:
    ///   - game: the same game on every rank.
    ///   - parameters: the sampling parameters (permutations, stopping rule, seed).
    ///   - threads: worker threads per rank (`nil`: the kernels' default).
    ///   - communicator: the ranks.
    /// - Throws: `AgentEconomiesError` for bad parameters, and ``MPIError``.
    /// - Complexity: per rank, O(permutations n m / ranks) plus a value call per marginal of its
    ///   chunks; every round gathers 2 x n values per chunk on every rank.
    public static func permutationShapley(
        _ game: AdditiveGame, parameters: ShapleyKernels.SamplingParameters = .init(), threads: Int? = nil,
        communicator: Communicator
    ) throws -> ShapleyKernels.Estimate {
        try parameters.validate()
        let n = game.players
        var failure: (any Error)?
        let estimate = ShapleyKernels.permutation(
            players: n, walker: { AdditiveWalker(game) }, parameters: parameters
        ) { emptyValue, pairsDone, pairs in
            let chunks = (pairs + ShapleyKernels.pairsPerChunk - 1) / ShapleyKernels.pairsPerChunk
            let mine = Partition.contiguous(count: chunks, block: 1, rank: communicator.rank, size: communicator.size)
            let local = ShapleyKernels.permutationChunks(
                players: n, walker: { AdditiveWalker(game) }, seed: parameters.seed, emptyValue: emptyValue,
                pairsDone: pairsDone, pairs: pairs, chunks: mine, threads: threads)
            do {
                let flat = try communicator.allGatherConcatenated(local.flatMap { $0.sums + $0.squares }).values
                return stride(from: 0, to: flat.count, by: 2 * n).map { start in
                    ShapleyKernels.ChunkSums(
                        sums: Array(flat[start..<(start + n)]), squares: Array(flat[(start + n)..<(start + 2 * n)]))
                }
            } catch {
                failure = error
                return []
            }
        }
        if let failure { throw failure }
        return estimate
    }
}
