import AgentEconomiesKernels

extension DistributedKernels {
    /// `PermeabilityKernels.simulateSpillover(p:accepted:permeability:rates:seed:threads:)`
    /// with the interactions over the ranks: each rank holds a slice starting at
    /// `firstInteraction` (a multiple of `PermeabilityKernels.chunkSize`) and draws each
    /// chunk from that chunk's own stream of `seed`, so the events are the single-process
    /// run's; they are gathered on every rank (17 bytes per event) in interaction order.
    ///
    /// - Parameters:
    ///   - p: this rank's interactions' quality, in [0, 1].
    ///   - accepted: whether each of them was accepted.
    ///   - firstInteraction: the index of this rank's first interaction in the whole batch.
    ///   - permeability: the boundary's permeability.
    ///   - rates: contagion rate and spillover amplification.
    ///   - seed: the batch's seed (chunk `k` draws from its stream `k`).
    ///   - threads: worker threads per rank (`nil`: the kernels' default).
    ///   - communicator: the ranks.
    /// - Throws: `AgentEconomiesError` for bad columns or rates (on the rank that holds them;
    ///   the other ranks throw ``MPIError`` naming it), or when `firstInteraction` is not a
    ///   multiple of the chunk size or the slices are not consecutive in rank order;
    ///   ``MPIError``.
    /// - Complexity: O(p.count) per rank for its slice, over its workers, plus an all-gather of
    ///   every event (17 bytes each) on every rank.
    public static func spillover(
        p: [Double], accepted: [Bool], firstInteraction: Int, permeability: Double,
        rates: PermeabilityKernels.Rates, seed: UInt64, threads: Int? = nil, communicator: Communicator
    ) throws -> PermeabilityKernels.Spillovers {
        let layout = try communicator.allGather([Int64(firstInteraction), Int64(p.count)])
        var expected: Int64 = 0
        for (rank, entry) in layout.enumerated() {
            if entry[0] != expected || (entry[0] % Int64(PermeabilityKernels.chunkSize) != 0 && entry[1] > 0) {
                throw AgentEconomiesError.outOfRange(
                    field: "firstInteraction", value: "\(entry[0]) on rank \(rank)",
                    requirement: "consecutive slices in rank order starting at multiples of \(PermeabilityKernels.chunkSize)")
            }
            expected += entry[1]
        }
        // A bad column may sit in one rank's slice only: every rank learns of it.
        let local = try communicator.agree {
            try PermeabilityKernels.simulateSpillover(
                p: p, accepted: accepted, permeability: permeability, rates: rates, seed: seed,
                firstChunk: firstInteraction / PermeabilityKernels.chunkSize, threads: threads)
        }
        var events = PermeabilityKernels.Spillovers()
        events.indices = try communicator.allGatherConcatenated(local.indices.map(Int64.init)).values.map { Int($0) }
        events.harm = try communicator.allGatherConcatenated(local.harm).values
        events.blocked = try communicator.allGatherConcatenated(local.blocked.map { UInt8($0 ? 1 : 0) }).values.map {
            $0 == 1
        }
        return events
    }
}
