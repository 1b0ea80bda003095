import AgentEconomiesKernels
import Foundation

/// The agents of a simulation, drawn once from the scenario and its seed: types, Sybil rings
/// (with the beneficiary each ring boosts), proof of personhood, resource valuations, and the
/// popularity from which counterparties are drawn.
public struct Population: Sendable {
    /// Number of agents.
    public let count: Int
    /// Index into the scenario's types, per agent (Sybil identities are the last type listed
    /// as `adversarial`, or the last type).
    public let types: [Int32]
    /// The Sybil ring of each agent, or -1.
    public let ring: [Int32]
    /// The agent each ring boosts (an honest agent outside every ring).
    public let ringBeneficiary: [Int32]
    /// Whether each agent holds proof of personhood.
    public let proofOfPersonhood: [Bool]
    /// Valuations, agents x resources, uniform in [0, 10), drawn again on each access (see
    /// ``valuations(threads:)``).
    ///
    /// - Complexity: O(agents x resources) time and memory per access; hold the result.
    public var valuations: Matrix<Double> { valuations(threads: nil) }
    /// The scenario's seed, from which the valuations are drawn.
    let seed: UInt64
    /// Resources per agent in the valuations.
    let resources: Int
    /// Cumulative popularity over `popularAgents` (Zipf weights), for inverse-CDF draws.
    let popularityCDF: [Double]
    /// The agents in popularity order (Sybil identities are never drawn as counterparties).
    let popularAgents: [Int32]
    /// A guide table over `popularityCDF` (Chen's method): entry `b` of `m + 1` is the first
    /// rank whose cumulative popularity reaches `b / m`, for `m` the number of ranks, so a
    /// draw is searched among the few ranks of its bucket instead of over all of them (at ten
    /// million agents, 3 cache misses instead of 23); the rank found is the same.
    let popularityGuide: [Int32]

    /// Draws the population of `scenario` (validated first).
    ///
    /// - Throws: ``ScenarioError`` for an invalid scenario.
    /// - Complexity: O(agents), memory O(agents): the valuations are not held but drawn when
    ///   asked for (``valuations(threads:)``), so that a run of ten million agents does not keep
    ///   their 5 GB between auctions.
    public init(_ scenario: Scenario, threads: Int? = nil) throws {
        try scenario.validate()
        let n = scenario.agents, spec = scenario.population
        count = n
        var random = FastRandom(seed: scenario.seed, stream: 0)
        // Types by share, in a random order.
        let total = spec.types.reduce(0.0) { $0 + $1.share }
        var typeList: [Int32] = []
        typeList.reserveCapacity(n)
        var assigned = 0
        for (index, type) in spec.types.enumerated() {
            let quota = index == spec.types.count - 1 ? n - assigned : Int((Double(n) * type.share / total).rounded())
            let take = min(quota, n - assigned)
            typeList.append(contentsOf: repeatElement(Int32(index), count: max(take, 0)))
            assigned += max(take, 0)
        }
        typeList.shuffle(using: &random)
        // Sybil rings on a random subset; their identities take the adversarial type.
        let adversarial = Int32(spec.types.lastIndex { $0.name == "adversarial" } ?? spec.types.count - 1)
        var order = Array(0..<Int32(n))
        order.shuffle(using: &random)
        let sybilCount = spec.sybilEntities * spec.sybilRingSize
        var ringOf = [Int32](repeating: -1, count: n)
        for position in 0..<sybilCount {
            let agent = Int(order[position])
            ringOf[agent] = Int32(position / spec.sybilRingSize)
            typeList[agent] = adversarial
        }
        var beneficiaries: [Int32] = []
        for ringIndex in 0..<spec.sybilEntities { beneficiaries.append(order[sybilCount + ringIndex]) }
        types = typeList
        ring = ringOf
        ringBeneficiary = beneficiaries
        proofOfPersonhood = (0..<n).map { ringOf[$0] < 0 && random.random() < spec.proofOfPersonhoodShare }
        // Popularity: Zipf weights over the non-Sybil agents in a random order.
        let candidates = order[sybilCount...].shuffled(using: &random)
        var cdf = [Double](repeating: 0, count: candidates.count)
        var running = 0.0
        for rank in cdf.indices {
            running += 1 / pow(Double(rank + 1), scenario.interactions.popularityExponent)
            cdf[rank] = running
        }
        for rank in cdf.indices { cdf[rank] /= running }
        popularityCDF = cdf
        popularAgents = Array(candidates)
        popularityGuide = Self.guide(cdf)
        seed = scenario.seed
        resources = scenario.auction.resources
    }

    /// The valuations, agents x resources, uniform in [0, 10): chunk k of 4,096 agents draws
    /// from stream k + 1 of the scenario's seed, so every call and every thread count gives the
    /// same matrix.
    ///
    /// - Parameter threads: Workers drawing the chunks (`nil`: the library's default).
    /// - Complexity: O(agents x resources) time and memory.
    public func valuations(threads: Int?) -> Matrix<Double> {
        let n = count, resources = resources, seed = seed, chunk = 4_096
        let values = Parallel.makeArray(count: n * resources, chunkSize: chunk * resources, threads: threads) {
            range, output in
            // `range` is whole agents: chunk k of the output is the agents of chunk k.
            var generator = FastRandom(seed: seed, stream: UInt64(range.lowerBound / (chunk * resources)) + 1)
            for slot in 0..<range.count { output[slot] = generator.uniform(0, 10) }
        }
        // The storage holds rows x columns values by construction.
        return try! Matrix(rows: n, columns: resources, storage: values)
    }

    /// A counterparty drawn by popularity (see ``popularRank(_:)``).
    @inline(__always)
    func popularCounterparty(_ random: inout FastRandom) -> Int32 {
        popularAgents[popularRank(random.random())]
    }

    /// Prefetches what a later ``popularRank(_:)`` of `draw` reads first: the guide entry
    /// (`stage` 0), or, once that entry is in the cache, the cumulative popularity it points at
    /// (`stage` 1). Both are at random places at millions of agents.
    @inline(__always)
    func prefetchPopular(_ draw: Double, stage: Int) {
        let bucket = guideBucket(draw)
        if bucket < 0 { return }
        if stage == 0 {
            popularityGuide.withUnsafeBufferPointer { Prefetch.read($0.baseAddress! + bucket) }
        } else {
            let rank = max(0, Int(popularityGuide[bucket]) - 1)
            popularityCDF.withUnsafeBufferPointer { Prefetch.read($0.baseAddress! + min(rank, $0.count - 1)) }
        }
    }

    /// The guide bucket of uniform draw `draw` (clamped to the buckets).
    @inline(__always)
    func guideBucket(_ draw: Double) -> Int {
        let buckets = popularityGuide.count - 1
        return min(max(Int(draw * Double(buckets)), 0), buckets - 1)
    }

    /// The first rank whose cumulative popularity reaches `draw` (the last rank if none
    /// does), searched within the draw's guide bucket.
    @inline(__always)
    func popularRank(_ draw: Double) -> Int {
        let ranks = popularityCDF.count
        let bucket = guideBucket(draw)
        var low = Int(popularityGuide[bucket]), high = min(Int(popularityGuide[bucket + 1]), ranks - 1)
        // The bucket bounds the answer unless rounding put the draw in a neighbouring bucket:
        // then the whole table is searched (the answer is the same either way).
        if low > high || (low > 0 && popularityCDF[low - 1] >= draw) || (popularityCDF[high] < draw && high != ranks - 1) {
            low = 0
            high = ranks - 1
        }
        while low < high {
            let middle = (low + high) / 2
            if popularityCDF[middle] < draw { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// The guide table of `cdf`: `cdf.count + 1` entries, entry `b` the first index whose value
    /// reaches `b / cdf.count` (`cdf.count` when none does).
    ///
    /// - Complexity: O(`cdf.count`).
    static func guide(_ cdf: [Double]) -> [Int32] {
        let buckets = cdf.count
        var guide = [Int32](repeating: Int32(buckets), count: buckets + 1)
        var index = 0
        for bucket in 0...buckets {
            let bound = Double(bucket) / Double(max(buckets, 1))
            while index < buckets && cdf[index] < bound { index += 1 }
            guide[bucket] = Int32(index)
        }
        return guide
    }
}
