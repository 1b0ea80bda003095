/// Spillover simulation over a column of interactions, in the reference's draw order.
extension PermeabilityKernels {
    /// The spillovers of one simulation, in interaction order, as columns.
    public struct Spillovers: Equatable, Sendable {
        /// Index of the source interaction of each event.
        public var indices: [Int] = []
        /// Harm of each event: `(1 - p) * amplification`, blocked or not.
        public var harm: [Double] = []
        /// Whether the boundary blocked each event.
        public var blocked: [Bool] = []

        /// No events.
        public init() {}

        /// Number of events.
        public var count: Int { indices.count }
        /// Events that crossed the boundary.
        ///
        /// - Complexity: O(events).
        public var unblockedCount: Int { blocked.lazy.filter { !$0 }.count }
        /// Events the boundary stopped.
        ///
        /// - Complexity: O(events).
        public var blockedCount: Int { count - unblockedCount }
        /// Sum of the harm of unblocked events, in event order.
        ///
        /// - Complexity: O(events).
        public var externalHarm: Double {
            var total = 0.0
            for index in indices.indices where !blocked[index] { total += harm[index] }
            return total
        }

        mutating func append(contentsOf other: Spillovers) {
            indices.append(contentsOf: other.indices)
            harm.append(contentsOf: other.harm)
            blocked.append(contentsOf: other.blocked)
        }
    }

    /// Simulates spillover in interaction order with one stream of draws, as the reference:
    /// for each accepted interaction a draw below its contagion probability makes an event
    /// with harm `(1 - p) * amplification`, and a second draw decides whether it crosses
    /// (`draw < permeability * (0.5 + 0.5 p)`), else it is blocked.
    ///
    /// With a ``RandomSource/cpython(seed:)`` source the draws and events are exactly the
    /// reference's, for any `permeability` (a NaN one follows the reference's clamps: every
    /// accepted interaction spreads and is blocked).
    ///
    /// - Complexity: O(n), one thread.
    public static func simulateSpillover(
        p: [Double], accepted: [Bool], permeability: Double, rates: Rates,
        random: inout RandomSource
    ) throws -> Spillovers {
        try checkColumns(p: p, accepted: accepted)
        try rates.validate()
        var result = Spillovers()
        p.withUnsafeBufferPointer { values in
            accepted.withUnsafeBufferPointer { flags in
                for index in 0..<values.count where flags[index] {
                    let quality = values[index]
                    let probability = contagionProbability(
                        p: quality, permeability: permeability,
                        contagionRate: rates.contagionRate)
                    if random.random() < probability {
                        let crosses = random.random() < crossingProbability(p: quality, permeability: permeability)
                        result.indices.append(index)
                        result.harm.append((1.0 - quality) * rates.spilloverAmplification)
                        result.blocked.append(!crosses)
                    }
                }
            }
        }
        return result
    }

    /// The same rule on all cores: chunk `k` of ``chunkSize`` interactions draws from
    /// `FastRandom(seed: seed, stream: k)`, so the events depend on `seed` only, never on
    /// the thread count. Not the reference's stream.
    ///
    /// - Complexity: O(n) over the workers.
    public static func simulateSpillover(
        p: [Double], accepted: [Bool], permeability: Double, rates: Rates,
        seed: UInt64, threads: Int? = nil
    ) throws -> Spillovers {
        try simulateSpillover(
            p: p, accepted: accepted, permeability: permeability, rates: rates, seed: seed, firstChunk: 0,
            threads: threads)
    }

    /// ``simulateSpillover(p:accepted:permeability:rates:seed:threads:)`` for a slice of a
    /// larger batch that starts at interaction `firstChunk x chunkSize`: chunk `k` of the
    /// slice draws from stream `firstChunk + k`, and event indices are the batch's. The
    /// slices' events, concatenated in order, are the whole batch's, bit for bit.
    ///
    /// - Complexity: O(n) over the workers (one stream of draws per chunk); O(events) memory.
    package static func simulateSpillover(
        p: [Double], accepted: [Bool], permeability: Double, rates: Rates,
        seed: UInt64, firstChunk: Int, threads: Int?
    ) throws -> Spillovers {
        try checkColumns(p: p, accepted: accepted)
        try rates.validate()
        try Validate.finite(permeability, "permeability")
        if firstChunk < 0 {
            throw AgentEconomiesError.outOfRange(field: "firstChunk", value: "\(firstChunk)", requirement: ">= 0")
        }
        let count = p.count, offset = firstChunk * chunkSize
        let chunks = Parallel.chunkCount(count, chunkSize: chunkSize)
        let rate = rates.contagionRate, amplification = rates.spilloverAmplification
        let parts = p.withUnsafeBufferPointer { values in
            accepted.withUnsafeBufferPointer { flags in
                Parallel.map(chunks: chunks, threads: threads) { chunk, _ in
                    var generator = FastRandom(seed: seed, stream: UInt64(firstChunk + chunk))
                    var part = Spillovers()
                    for index in Parallel.range(ofChunk: chunk, chunkSize: chunkSize, count: count)
                    where flags[index] {
                        let quality = values[index]
                        let probability = contagionProbability(
                            p: quality, permeability: permeability,
                            contagionRate: rate)
                        if generator.random() < probability {
                            let crosses =
                                generator.random()
                                < crossingProbability(
                                    p: quality,
                                    permeability: permeability)
                            part.indices.append(offset + index)
                            part.harm.append((1.0 - quality) * amplification)
                            part.blocked.append(!crosses)
                        }
                    }
                    return part
                }
            }
        }
        var result = Spillovers()
        result.indices.reserveCapacity(parts.reduce(0) { $0 + $1.count })
        for part in parts { result.append(contentsOf: part) }
        return result
    }
}
