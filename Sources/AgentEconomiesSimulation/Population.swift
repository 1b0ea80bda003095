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
    /// Valuations, agents x resources, uniform in [0, 10).
    public let valuations: Matrix<Double>
    /// Cumulative popularity over `popularAgents` (Zipf weights), for inverse-CDF draws.
    let popularityCDF: [Double]
    /// The agents in popularity order (Sybil identities are never drawn as counterparties).
    let popularAgents: [Int32]

    /// Draws the population of `scenario` (validated first).
    ///
    /// - Throws: ``ScenarioError`` for an invalid scenario.
    /// - Complexity: O(agents x resources), the valuations drawn over the workers;
    ///   O(agents x resources) memory.
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
        // Valuations: chunk k of 4,096 agents draws from stream k + 1, whatever the thread count.
        let resources = scenario.auction.resources
        var values = [Double](repeating: 0, count: n * resources)
        let chunk = 4_096
        let seed = scenario.seed
        values.withUnsafeMutableBufferPointer { buffer in
            let base = SharedMutablePointer(buffer.baseAddress!)
            Parallel.forEach(chunks: Parallel.chunkCount(n, chunkSize: chunk), threads: threads) { index in
                var generator = FastRandom(seed: seed, stream: UInt64(index) + 1)
                for agent in Parallel.range(ofChunk: index, chunkSize: chunk, count: n) {
                    for resource in 0..<resources { base[agent * resources + resource] = generator.uniform(0, 10) }
                }
            }
        }
        valuations = try Matrix(rows: n, columns: resources, storage: values)
    }

    /// A counterparty drawn by popularity.
    @inline(__always)
    func popularCounterparty(_ random: inout FastRandom) -> Int32 {
        let draw = random.random()
        var low = 0, high = popularityCDF.count - 1
        while low < high {
            let middle = (low + high) / 2
            if popularityCDF[middle] < draw { low = middle + 1 } else { high = middle }
        }
        return popularAgents[low]
    }
}
