import AgentEconomiesKernels

/// One epoch's interactions as columns, in initiator order: agent i's interactions are
/// `offsets[i] ..< offsets[i + 1]`.
public struct EpochInteractions: Sendable {
    /// Start of each agent's interactions (`agents + 1` entries).
    public var offsets: [Int]
    /// The counterparty of each interaction.
    public var counterparties: [Int32]
    /// The quality label p of each interaction.
    public var p: [Double]
    /// Whether each interaction was accepted (a draw below p).
    public var accepted: [Bool]

    /// Interactions from their columns (offsets: one more than the initiators).
    package init(offsets: [Int], counterparties: [Int32], p: [Double], accepted: [Bool]) {
        self.offsets = offsets
        self.counterparties = counterparties
        self.p = p
        self.accepted = accepted
    }

    /// The number of interactions.
    public var count: Int { p.count }

    /// Draws the interactions of the active agents by the epoch's plan: each initiates its
    /// planned share of `per_agent` interactions. A Sybil identity sends each interaction to
    /// its ring's beneficiary at p = `sybil_boost_p`, or, with its ring's obfuscation share, to a
    /// counterparty drawn by popularity at its own type's p; the others draw counterparties by
    /// popularity, p uniform in the planned mean ± the type's `p_spread` (clamped to [0, 1]),
    /// or p = ``harmfulP`` for the planned harmful share. Chunk k of ``chunkAgents`` agents
    /// draws from its own stream k of (seed, epoch), so the columns do not depend on the thread
    /// count, nor on which process draws which chunks.
    static func draw(
        _ population: Population, scenario: Scenario, plan: EpochPlan, epoch: Int, threads: Int?
    ) -> EpochInteractions {
        draw(population, scenario: scenario, plan: plan, epoch: epoch, threads: threads, agents: 0..<population.count)
    }

    /// Agents per chunk of the draw (each chunk has its own random stream).
    package static let chunkAgents = 4_096

    /// The p of a deliberately harmful interaction (an adversary's mimicry).
    public static let harmfulP = 0.05

    /// The interactions initiated by `agents` (a range starting on a multiple of
    /// ``chunkAgents``): `offsets` has `agents.count + 1` entries from 0. Equal to those
    /// agents' part of the whole draw.
    ///
    /// - Complexity: O(interactions log agents) (each counterparty is drawn by binary search over
    ///   the popularity), over the workers; O(interactions) memory.
    package static func draw(
        _ population: Population, scenario: Scenario, plan: EpochPlan, epoch: Int, threads: Int?, agents: Range<Int>
    ) -> EpochInteractions {
        let perAgent = scenario.interactions.perAgent
        let chunk = chunkAgents, firstChunk = agents.lowerBound / chunkAgents
        let types = scenario.population.types
        let boostP = scenario.population.sybilBoostP
        let parts = Parallel.map(chunks: Parallel.chunkCount(agents.count, chunkSize: chunk), threads: threads) {
            index, _ in
            var random = FastRandom(
                seed: scenario.seed &+ 0x9E37_79B9 &* UInt64(epoch + 1), stream: UInt64(firstChunk + index))
            var counts: [Int] = []
            var counterparties: [Int32] = [], p: [Double] = [], accepted: [Bool] = []
            for local in Parallel.range(ofChunk: index, chunkSize: chunk, count: agents.count) {
                let agent = agents.lowerBound + local
                guard plan.active[agent] else {
                    counts.append(0)
                    continue
                }
                let type = types[Int(population.types[agent])]
                let ring = population.ring[agent]
                let count = plan.interactions(agent, perAgent: perAgent)
                let mean = type.pMean + plan.qualityShift[agent], harmful = plan.harmfulShare[agent]
                // Copies of the stream 12 and 24 values ahead, stepped three values an interaction
                // (the common path takes three): their next values are the popularity draws of the
                // interactions 4 and 8 ahead, whose reads are prefetched in two stages. Off the
                // common path a prefetch is merely wasted; the copies start again every agent.
                var near = random, far = random
                for _ in 0..<12 { _ = near.next() }
                for _ in 0..<24 { _ = far.next() }
                for _ in 0..<count {
                    var peekFar = far, peekNear = near
                    population.prefetchPopular(peekFar.random(), stage: 0)
                    population.prefetchPopular(peekNear.random(), stage: 1)
                    var other: Int32
                    var quality: Double
                    if ring >= 0 && random.random() >= plan.obfuscation[Int(ring)] {
                        other = population.ringBeneficiary[Int(ring)]
                        quality = boostP
                    } else {
                        repeat { other = population.popularCounterparty(&random) } while other == Int32(agent)
                        let draw = random.random()
                        quality =
                            harmful > 0 && random.random() < harmful
                            ? harmfulP : min(1, max(0, mean + type.pSpread * (2 * draw - 1)))
                    }
                    counterparties.append(other)
                    p.append(quality)
                    accepted.append(random.random() < quality)
                    for _ in 0..<3 {
                        _ = near.next()
                        _ = far.next()
                    }
                }
                counts.append(count)
            }
            return (counts, counterparties, p, accepted)
        }
        return concatenate(parts.map { Part(counts: $0.0, counterparties: $0.1, p: $0.2, accepted: $0.3) }, threads: threads)
    }

    /// One chunk's share of the draw: its agents' interaction counts and columns.
    struct Part {
        var counts: [Int]
        var counterparties: [Int32]
        var p: [Double]
        var accepted: [Bool]
    }

    /// The chunks' parts joined in chunk order, each part copied by a worker into its place.
    ///
    /// - Complexity: O(agents + interactions) over the workers.
    static func concatenate(_ parts: [Part], threads: Int?) -> EpochInteractions {
        var firstAgent = [0], firstInteraction = [0]
        for part in parts {
            firstAgent.append(firstAgent.last! + part.counts.count)
            firstInteraction.append(firstInteraction.last! + part.p.count)
        }
        let agents = firstAgent.last!, total = firstInteraction.last!
        // Column `column` of every part, each copied into its place in a new array.
        func joined<Element: BitwiseCopyable>(_ count: Int, _ column: (Part) -> [Element]) -> [Element] {
            [Element](unsafeUninitializedCapacity: count) { buffer, initialized in
                let base = UncheckedSendable(buffer.baseAddress)
                Parallel.forEach(chunks: parts.count, threads: threads) { index in
                    let values = column(parts[index])
                    guard let base = base.value, !values.isEmpty else { return }
                    values.withUnsafeBufferPointer {
                        (base + firstInteraction[index]).update(from: $0.baseAddress!, count: values.count)
                    }
                }
                initialized = count
            }
        }
        var offsets = [Int](unsafeUninitializedCapacity: agents + 1) { buffer, initialized in
            buffer[0] = 0
            initialized = agents + 1
        }
        offsets.withUnsafeMutableBufferPointer { buffer in
            let base = UncheckedSendable(buffer.baseAddress!)
            Parallel.forEach(chunks: parts.count, threads: threads) { index in
                var running = firstInteraction[index]
                for (slot, count) in parts[index].counts.enumerated() {
                    running += count
                    base.value[firstAgent[index] + slot + 1] = running
                }
            }
        }
        return EpochInteractions(
            offsets: offsets, counterparties: joined(total, \.counterparties), p: joined(total, \.p),
            accepted: joined(total, \.accepted))
    }

    /// The interaction patterns (both parties count each interaction) as CSR rows over all
    /// agents, columns ascending.
    ///
    /// - Complexity: O(agents + interactions log(largest row)) over the workers.
    func patterns(agents: Int, threads: Int?) throws -> PatternMatrix {
        try PatternMatrix(interactionsOf: agents, offsets: offsets, counterparties: counterparties, threads: threads)
    }
}
