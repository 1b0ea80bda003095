/// Exact Shapley values: every coalition of the game.
extension ShapleyKernels {
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
}
