/// Permutation sampling with antithetic pairs, and the standard errors of sampled values.
extension ShapleyKernels {
    /// How long permutation sampling runs.
    public struct SamplingParameters: Equatable, Sendable {
        /// Largest number of permutations (each antithetic pair is two), >= 2.
        public var maxPermutations: Int
        /// Stop as soon as every player's standard error is at most this (checked after each
        /// round of `roundPermutations`); nil runs all `maxPermutations`.
        public var targetStandardError: Double?
        /// Permutations per round of the stopping rule (even, >= 2).
        public var roundPermutations: Int
        /// Seed of the fast generator; pair `k` draws from stream `k`, so estimates depend
        /// on the seed only, never on the thread count.
        public var seed: UInt64

        /// Parameters; defaults: 1,000 permutations, no target, rounds of 64, seed 0.
        public init(
            maxPermutations: Int = 1_000, targetStandardError: Double? = nil, roundPermutations: Int = 64,
            seed: UInt64 = 0
        ) {
            self.maxPermutations = maxPermutations
            self.targetStandardError = targetStandardError
            self.roundPermutations = roundPermutations
            self.seed = seed
        }

        /// - Throws: ``AgentEconomiesError`` naming the field when a count is below 2 or the
        ///   target is negative or not finite.
        public func validate() throws {
            try Validate.atLeast(maxPermutations, 2, "SamplingParameters.maxPermutations")
            try Validate.atLeast(roundPermutations, 2, "SamplingParameters.roundPermutations")
            if let targetStandardError {
                try Validate.nonNegative(targetStandardError, "SamplingParameters.targetStandardError")
            }
        }
    }

    /// Permutation sampling with antithetic pairs on an additive game: each pair walks a
    /// random order and its reverse, adding one player's aggregates at a time; the pair's
    /// mean marginal contribution is one sample per player.
    ///
    /// - Complexity: O(permutations n m) plus a value call per marginal, over the workers.
    public static func permutation(
        _ game: AdditiveGame, parameters: SamplingParameters = SamplingParameters(),
        threads: Int? = nil
    ) throws -> Estimate {
        try parameters.validate()
        return permutation(
            players: game.players, walker: { AdditiveWalker(game) }, parameters: parameters,
            threads: threads)
    }

    /// Permutation sampling with antithetic pairs on any game (`v` called once per marginal).
    ///
    /// - Complexity: O(permutations n) plus one call of `v` per marginal (permutations x n calls),
    ///   over the workers; O(n) memory per chunk.
    public static func permutation(
        _ game: CoalitionFunctionGame, parameters: SamplingParameters = SamplingParameters(),
        threads: Int? = nil
    ) throws -> Estimate {
        try parameters.validate()
        return permutation(
            players: game.players, walker: { FunctionWalker(game) }, parameters: parameters,
            threads: threads)
    }

    /// Pairs per parallel chunk: fixed, so sums are added in the same order on any thread count.
    package static let pairsPerChunk = 4

    static func permutation<W: CoalitionWalker>(
        players n: Int, walker makeWalker: () -> W,
        parameters: SamplingParameters, threads: Int?
    ) -> Estimate {
        permutation(players: n, walker: makeWalker, parameters: parameters) { emptyValue, pairsDone, pairs in
            permutationChunks(
                players: n, walker: makeWalker, seed: parameters.seed, emptyValue: emptyValue, pairsDone: pairsDone,
                pairs: pairs, chunks: 0..<Parallel.chunkCount(pairs, chunkSize: pairsPerChunk), threads: threads)
        }
    }

    /// One chunk's (``pairsPerChunk`` antithetic pairs) sums of the pairs' mean marginal
    /// contributions and of their squares, per player.
    package struct ChunkSums: Sendable, Equatable {
        package var sums: [Double]
        package var squares: [Double]

        package init(sums: [Double], squares: [Double]) {
            self.sums = sums
            self.squares = squares
        }
    }

    /// Antithetic permutation sampling with the rounds' work supplied by `roundChunks`
    /// (`roundChunks(emptyValue, pairsDone, pairs)`: every chunk of the round's `pairs` pairs,
    /// numbered from `pairsDone`, in chunk order). Chunks are added in order, so the estimate
    /// does not depend on who computed them (threads, or processes that split the chunks).
    ///
    /// - Complexity: O(n) for the grand value plus, per round, `roundChunks`' cost and
    ///   O(chunks x n) to add its sums, at most `maxPermutations / roundPermutations` rounds
    ///   (rounded up).
    package static func permutation<W: CoalitionWalker>(
        players n: Int, walker makeWalker: () -> W, parameters: SamplingParameters,
        roundChunks: (_ emptyValue: Double, _ pairsDone: Int, _ pairs: Int) -> [ChunkSums]
    ) -> Estimate {
        var emptyWalker = makeWalker()
        let emptyValue = emptyWalker.value()
        for player in 0..<n { emptyWalker.add(player) }
        let grand = emptyWalker.value() - emptyValue
        if n == 0 {
            return Estimate(values: [], standardErrors: [], evaluations: 0, samples: 0, grandValue: 0)
        }
        var sums = [Double](repeating: 0, count: n)
        var squares = [Double](repeating: 0, count: n)
        let maxPairs = parameters.maxPermutations / 2
        let roundPairs = max(1, parameters.roundPermutations / 2)
        var pairsDone = 0
        while pairsDone < maxPairs {
            let pairs = min(roundPairs, maxPairs - pairsDone)
            for local in roundChunks(emptyValue, pairsDone, pairs) {
                for player in 0..<n {
                    sums[player] += local.sums[player]
                    squares[player] += local.squares[player]
                }
            }
            pairsDone += pairs
            if let target = parameters.targetStandardError, pairsDone >= 2,
                standardErrors(sums, squares, pairsDone).allSatisfy({ $0 <= target })
            {
                break
            }
        }
        let count = Double(pairsDone)
        return Estimate(
            values: sums.map { $0 / count }, standardErrors: standardErrors(sums, squares, pairsDone),
            evaluations: 2 * pairsDone * n, samples: 2 * pairsDone, grandValue: grand)
    }

    /// The chunks `chunks` of a round of `pairs` antithetic pairs numbered from `pairsDone`:
    /// pair `k` walks the order drawn from `FastRandom(seed: seed, stream: k)` and its reverse.
    ///
    /// - Complexity: O(pairs x n) draws and 2 x pairs x n walker steps (an `add` and a `value`
    ///   each), over the workers; O(n) memory per chunk.
    package static func permutationChunks<W: CoalitionWalker>(
        players n: Int, walker makeWalker: () -> W, seed: UInt64, emptyValue: Double, pairsDone: Int, pairs: Int,
        chunks: Range<Int>, threads: Int?
    ) -> [ChunkSums] {
        withoutActuallyEscaping(makeWalker) { make in
            let factory = UncheckedSendable(make)
            return Parallel.map(chunks: chunks.count, threads: threads) { slot, _ in
                let chunk = chunks.lowerBound + slot
                var walker = factory.value()
                var order = [Int](0..<n)
                var forward = [Double](repeating: 0, count: n)
                var localSums = [Double](repeating: 0, count: n)
                var localSquares = [Double](repeating: 0, count: n)
                for pair in Parallel.range(ofChunk: chunk, chunkSize: pairsPerChunk, count: pairs) {
                    var random = FastRandom(seed: seed, stream: UInt64(pairsDone + pair))
                    for index in 0..<n { order[index] = index }
                    for index in stride(from: n - 1, to: 0, by: -1) {
                        // Lemire's multiply-shift: a bounded draw without a division.
                        let other = Int(random.next().multipliedFullWidth(by: UInt64(index + 1)).high)
                        order.swapAt(index, other)
                    }
                    walker.reset()
                    var previous = emptyValue
                    for position in 0..<n {
                        let player = order[position]
                        walker.add(player)
                        let current = walker.value()
                        forward[player] = current - previous
                        previous = current
                    }
                    walker.reset()
                    previous = emptyValue
                    for position in stride(from: n - 1, through: 0, by: -1) {
                        let player = order[position]
                        walker.add(player)
                        let current = walker.value()
                        let mean = 0.5 * (forward[player] + (current - previous))
                        localSums[player] += mean
                        localSquares[player] += mean * mean
                        previous = current
                    }
                }
                return ChunkSums(sums: localSums, squares: localSquares)
            }
        }
    }

    static func standardErrors(_ sums: [Double], _ squares: [Double], _ count: Int) -> [Double] {
        if count < 2 { return [Double](repeating: .infinity, count: sums.count) }
        let k = Double(count)
        return zip(sums, squares).map { sum, square in
            let variance = max(0, (square - sum * sum / k) / (k - 1))
            return (variance / k).squareRoot()
        }
    }
}
