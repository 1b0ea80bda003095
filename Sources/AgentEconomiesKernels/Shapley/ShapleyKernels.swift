/// Shapley values of cooperative games: exact, permutation sampling, and regression.
///
/// The Shapley value of player `i` is the average of its marginal contribution
/// `v(S + i) - v(S)` over all orders in which the players can arrive. Every estimator here
/// is efficient: values add up to `v(N) - v(empty)` (exactly for the exact method and for
/// each sampled permutation, by construction for the regression).
public enum ShapleyKernels {
    /// Values, their standard errors and the work done.
    public struct Estimate: Equatable, Sendable {
        /// One value per player.
        public var values: [Double]
        /// Standard error of each value: 0 for exact values; for permutation sampling the
        /// sample standard deviation of the antithetic-pair means over the square root of the
        /// number of pairs; empty for the regression estimator.
        public var standardErrors: [Double]
        /// Coalition values computed (exact, regression) or marginal contributions evaluated
        /// (permutation sampling).
        public var evaluations: Int
        /// Permutations walked (permutation sampling) or coalitions sampled (regression); 0
        /// for exact values.
        public var samples: Int
        /// `v(N) - v(empty)`, which the values add up to.
        public var grandValue: Double
    }

    /// Largest player count for exact values: 2^n coalition values must fit in memory.
    public static let maximumExactPlayers = 26

    // MARK: - Exact

    /// Exact Shapley values of an additive game: all `2^n` coalitions, their aggregates by
    /// one GEMM per block of coalitions (subset-indicator block times the aggregate matrix),
    /// their minima by a pass over each coalition's members, then
    /// `phi_i = sum over S without i of |S|! (n - |S| - 1)! / n! (v(S + i) - v(S))`.
    ///
    /// - Throws: ``AgentEconomiesError`` when there are more than ``maximumExactPlayers``, or
    ///   when a coalition's value is not finite (the values would be undefined).
    /// - Complexity: O(2^n (n m + n)) time, O(2^n) memory.
    public static func exact(_ game: AdditiveGame, threads: Int? = nil) throws -> Estimate {
        let n = game.players
        try checkExactSize(n)
        let subsets = 1 << n
        let columns = game.aggregates.columns
        var values = [Double](repeating: 0, count: subsets)
        let block = min(subsets, 1 << 14)
        let blocks = subsets / block
        // The GEMM shapes are fixed here; a failure can only be a dimension beyond 32 bits.
        var failures = [AgentEconomiesError?](repeating: nil, count: blocks)
        failures.withUnsafeMutableBufferPointer { failureBuffer in
            let sharedFailures = SharedMutablePointer(failureBuffer.baseAddress!)
            values.withUnsafeMutableBufferPointer { valueBuffer in
                let sharedValues = SharedMutablePointer(valueBuffer.baseAddress!)
                game.aggregates.withUnsafeBufferPointer { aggregates in
                    Parallel.forEach(chunks: blocks, threads: threads) { blockIndex in
                        let first = blockIndex * block
                        var indicator = [Double](repeating: 0, count: block * n)
                        for row in 0..<block {
                            let subset = first + row
                            for player in 0..<n where subset & (1 << player) != 0 { indicator[row * n + player] = 1 }
                        }
                        var sums = [Double](repeating: 0, count: block * max(columns, 1))
                        do {
                            try indicator.withUnsafeBufferPointer { a in
                                try sums.withUnsafeMutableBufferPointer { c in
                                    try BLAS.gemm(
                                        transposeA: false, transposeB: false, m: block, n: columns, k: n,
                                        alpha: 1, a: a, lda: max(n, 1), b: aggregates, ldb: max(columns, 1),
                                        beta: 0, c: c, ldc: max(columns, 1))
                                }
                            }
                        } catch {
                            sharedFailures[blockIndex] = error as? AgentEconomiesError
                            return
                        }
                        sums.withUnsafeBufferPointer { sumBuffer in
                            for row in 0..<block {
                                let subset = first + row
                                var minimum = Double.infinity
                                if !game.minima.isEmpty {
                                    var rest = subset
                                    while rest != 0 {
                                        let player = rest.trailingZeroBitCount
                                        minimum = min(minimum, game.minima[player])
                                        rest &= rest - 1
                                    }
                                }
                                let rowSums = UnsafeBufferPointer(
                                    rebasing: sumBuffer[(row * columns)..<((row + 1) * columns)])
                                sharedValues[subset] = game.value(rowSums, minimum)
                            }
                        }
                    }
                }
            }
        }
        if let failure = failures.first(where: { $0 != nil }) ?? nil { throw failure }
        try checkFiniteCoalitionValues(values)
        return shapley(fromCoalitionValues: values, players: n, threads: threads)
    }

    /// Exact Shapley values of any game: `v` evaluated on all `2^n` coalitions.
    ///
    /// - Throws: ``AgentEconomiesError`` when there are more than ``maximumExactPlayers``, or
    ///   when a coalition's value is not finite (the values would be undefined).
    /// - Complexity: O(2^n n) plus `2^n` calls of `v`.
    public static func exact(_ game: CoalitionFunctionGame, threads: Int? = nil) throws -> Estimate {
        let n = game.players
        try checkExactSize(n)
        let subsets = 1 << n
        var values = [Double](repeating: 0, count: subsets)
        let block = min(subsets, 1 << 12)
        Parallel.fill(&values, chunkSize: block, threads: threads) { subsets, output in
            var members = [Bool](repeating: false, count: n)
            for (slot, subset) in subsets.enumerated() {
                for player in 0..<n { members[player] = subset & (1 << player) != 0 }
                output[slot] = members.withUnsafeBufferPointer { game.value($0) }
            }
        }
        try checkFiniteCoalitionValues(values)
        return shapley(fromCoalitionValues: values, players: n, threads: threads)
    }

    /// Shapley values are undefined when a coalition's value is infinite or NaN (a difference
    /// of two infinities): throws ``AgentEconomiesError/notFinite(field:value:)`` naming the
    /// first such coalition (its members as the bits of the index) instead of returning NaN.
    static func checkFiniteCoalitionValues(_ values: [Double]) throws {
        if let coalition = values.firstIndex(where: { !$0.isFinite }) {
            throw AgentEconomiesError.notFinite(
                field: "v(coalition \(coalition)) (members are the index's bits)", value: values[coalition])
        }
    }

    /// Shapley values from the table of all coalition values (`values[S]`, S a bit mask).
    ///
    /// - Complexity: O(2^n n), parallel over fixed blocks of coalitions.
    public static func shapley(fromCoalitionValues values: [Double], players n: Int, threads: Int? = nil) -> Estimate {
        let subsets = 1 << n
        precondition(values.count == subsets, "shapley(fromCoalitionValues:): need 2^n values")
        // weight[s] = s! (n - s - 1)! / n! = 1 / (n * C(n - 1, s)).
        var weight = [Double](repeating: 0, count: max(n, 1))
        var binomial = 1.0
        for size in 0..<n {
            weight[size] = 1 / (Double(n) * binomial)
            binomial = binomial * Double(n - 1 - size) / Double(size + 1)
        }
        let block = min(subsets, 1 << 12)
        let blocks = subsets / block
        let partial = values.withUnsafeBufferPointer { v in
            Parallel.map(chunks: blocks, threads: threads) { blockIndex, _ in
                var local = [Double](repeating: 0, count: n)
                for subset in (blockIndex * block)..<((blockIndex + 1) * block) {
                    let size = subset.nonzeroBitCount
                    if size == n { continue }
                    let base = v[subset]
                    let w = weight[size]
                    var missing = ~subset & (subsets - 1)
                    while missing != 0 {
                        let player = missing.trailingZeroBitCount
                        local[player] += w * (v[subset | (1 << player)] - base)
                        missing &= missing - 1
                    }
                }
                return local
            }
        }
        var result = [Double](repeating: 0, count: n)
        for local in partial {
            for player in 0..<n { result[player] += local[player] }
        }
        return Estimate(
            values: result, standardErrors: [Double](repeating: 0, count: n), evaluations: subsets,
            samples: 0, grandValue: values[subsets - 1] - values[0])
    }

    static func checkExactSize(_ n: Int) throws {
        if n > maximumExactPlayers {
            throw AgentEconomiesError.outOfRange(
                field: "players", value: "\(n)",
                requirement: "<= \(maximumExactPlayers) for exact Shapley values")
        }
    }

    // MARK: - Permutation sampling

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

    // MARK: - Regression (KernelSHAP)

    /// How the regression estimator samples.
    public struct RegressionParameters: Equatable, Sendable {
        /// Coalitions sampled, counting each one's complement (>= 2).
        public var coalitions: Int
        /// Seed of the fast generator.
        public var seed: UInt64

        /// The most coalitions a regression samples (each is a row of its least-squares
        /// system).
        public static let maximumCoalitions = 1 << 24

        /// Parameters; default 2,048 coalitions, seed 0.
        public init(coalitions: Int = 2_048, seed: UInt64 = 0) {
            self.coalitions = coalitions
            self.seed = seed
        }

        /// - Throws: ``AgentEconomiesError`` when `coalitions < 2`.
        public func validate() throws {
            try Validate.atLeast(coalitions, 2, "RegressionParameters.coalitions")
            if coalitions > Self.maximumCoalitions {
                throw AgentEconomiesError.outOfRange(
                    field: "RegressionParameters.coalitions", value: "\(coalitions)",
                    requirement: "at most \(Self.maximumCoalitions) (one row of the regression each)")
            }
        }
    }

    /// The KernelSHAP estimator on an additive game.
    public static func regression(
        _ game: AdditiveGame, parameters: RegressionParameters = RegressionParameters()
    )
        throws -> Estimate
    {
        try parameters.validate()
        return try regression(players: game.players, walker: AdditiveWalker(game), parameters: parameters)
    }

    /// The KernelSHAP estimator on any game.
    public static func regression(
        _ game: CoalitionFunctionGame,
        parameters: RegressionParameters = RegressionParameters()
    ) throws -> Estimate {
        try parameters.validate()
        return try regression(players: game.players, walker: FunctionWalker(game), parameters: parameters)
    }

    /// Weighted least squares with the efficiency constraint: coalitions S of size 1...n-1
    /// are drawn with the Shapley kernel's probability (size s with weight
    /// `(n - 1) / (s (n - s))`, members uniform), each with its complement; `phi` minimises
    /// `sum (v(S) - v(empty) - sum over S of phi_i)^2` subject to `sum phi = v(N) - v(empty)`.
    /// The constraint eliminates the last player; the normal equations are formed by one
    /// GEMM and solved by LAPACKE (Cholesky, LU if needed).
    ///
    /// - Throws: ``AgentEconomiesError`` when the sampled system is singular (too few
    ///   coalitions for the players).
    /// - Complexity: O(K n^2 + n^3) for K coalitions.
    static func regression<W: CoalitionWalker>(
        players n: Int, walker initial: W,
        parameters: RegressionParameters
    ) throws -> Estimate {
        var walker = initial
        walker.reset()
        let emptyValue = walker.value()
        for player in 0..<n { walker.add(player) }
        let grand = walker.value() - emptyValue
        if n <= 1 {
            return Estimate(
                values: n == 1 ? [grand] : [], standardErrors: [], evaluations: 2, samples: 0,
                grandValue: grand)
        }
        // Size distribution of the Shapley kernel.
        var cumulative = [Double](repeating: 0, count: n)
        for size in 1..<n { cumulative[size] = cumulative[size - 1] + Double(n - 1) / Double(size * (n - size)) }
        let total = cumulative[n - 1]
        let pairs = max(1, parameters.coalitions / 2)
        let rows = 2 * pairs
        let unknowns = n - 1
        var design = [Double](repeating: 0, count: rows * unknowns)
        var target = [Double](repeating: 0, count: rows)
        var random = FastRandom(seed: parameters.seed)
        var order = [Int](0..<n)
        var members = [Bool](repeating: false, count: n)
        for pair in 0..<pairs {
            let draw = random.random() * total
            var size = 1
            while size < n - 1 && cumulative[size] <= draw { size += 1 }
            // A uniform subset of `size` players: the head of a partial shuffle.
            for index in 0..<size {
                let other = index + Int(random.next().multipliedFullWidth(by: UInt64(n - index)).high)
                order.swapAt(index, other)
            }
            for side in 0..<2 {
                for player in 0..<n { members[player] = (side == 0) == false }
                for index in 0..<size { members[order[index]] = side == 0 }
                walker.reset()
                for player in 0..<n where members[player] { walker.add(player) }
                let row = 2 * pair + side
                let last = members[n - 1] ? 1.0 : 0.0
                for player in 0..<unknowns { design[row * unknowns + player] = (members[player] ? 1 : 0) - last }
                target[row] = walker.value() - emptyValue - last * grand
            }
        }
        var normal = [Double](repeating: 0, count: unknowns * unknowns)
        var rightSide = [Double](repeating: 0, count: unknowns)
        try design.withUnsafeBufferPointer { a in
            try normal.withUnsafeMutableBufferPointer { c in
                try BLAS.gemm(
                    transposeA: true, transposeB: false, m: unknowns, n: unknowns, k: rows, alpha: 1,
                    a: a, lda: unknowns, b: a, ldb: unknowns, beta: 0, c: c, ldc: unknowns)
            }
            try target.withUnsafeBufferPointer { b in
                try rightSide.withUnsafeMutableBufferPointer { c in
                    try BLAS.gemm(
                        transposeA: true, transposeB: false, m: unknowns, n: 1, k: rows, alpha: 1,
                        a: a, lda: unknowns, b: b, ldb: 1, beta: 0, c: c, ldc: 1)
                }
            }
        }
        guard let solution = try LAPACK.solveSymmetric(normal, rightSide, n: unknowns) else {
            throw AgentEconomiesError.outOfRange(
                field: "RegressionParameters.coalitions", value: "\(rows)",
                requirement: "enough to determine \(n) players (singular system)")
        }
        var values = solution
        values.append(grand - solution.reduce(0, +))
        return Estimate(values: values, standardErrors: [], evaluations: rows + 2, samples: rows, grandValue: grand)
    }
}
