import AgentEconomiesKernels

/// Seeded cooperative games for the Shapley kernels.
package enum Games {
    /// A random additive game: per player three aggregates (uniform in [0, 5), [0, 3) and
    /// [-1, 1)) and a minimum (uniform in [0, 1)), valued nonlinearly, so the game is not
    /// additive in the players: `min(1, s1 / s0) + 0.3 s2 + 0.5 min + 0.1 sqrt(s0)`. Player
    /// `nullPlayer` contributes nothing; with `twins`, player 1 copies player 0 (drawing
    /// nothing). The Shapley tests, the split-kernel tests and `mpi-check` run it.
    ///
    /// - Precondition: `players >= 2` when `twins`.
    /// - Throws: Never in practice: the game satisfies ``AdditiveGame``'s checks by construction.
    /// - Complexity: O(players).
    package static func random(
        players: Int, seed: UInt64, nullPlayer: Int? = nil, twins: Bool = false
    ) throws -> AdditiveGame {
        var random = FastRandom(seed: seed)
        var rows: [Double] = []
        var minima: [Double] = []
        for player in 0..<players {
            if player == nullPlayer {
                rows += [0, 0, 0]
                minima.append(.infinity)
            } else if twins && player == 1 {
                rows += Array(rows[0..<3])
                minima.append(minima[0])
            } else {
                rows += [random.uniform(0, 5), random.uniform(0, 3), random.uniform(-1, 1)]
                minima.append(random.uniform(0, 1))
            }
        }
        return try AdditiveGame(aggregates: Matrix(rows: players, columns: 3, storage: rows), minima: minima) {
            sums, minimum in
            let quality = sums[0] > 0 ? sums[1] / sums[0] : 0
            return min(1, quality) + 0.3 * sums[2] + (minimum.isFinite ? 0.5 * minimum : 0) + 0.1 * sums[0].squareRoot()
        }
    }

    /// A mission-like additive game: each player made 1 to 10 interactions with `p` uniform
    /// in [0, 1), 70% accepted; its aggregates are (count, sum of p, accepted, welfare
    /// `sum (3p - 1)`) and its minimum the least `p`. A coalition is valued by a two-objective
    /// mission score: quality (mean p against 0.7, weight 1), volume (interactions against
    /// 2 x players, weight 0.5) and a floor (least p against 0.05, weight 0.25), normalized
    /// to [0, 1]. `shapley.exact` and `shapley.permutation` run it.
    ///
    /// - Throws: Never in practice: the game satisfies ``AdditiveGame``'s checks by construction.
    /// - Complexity: O(players).
    package static func mission(players: Int, seed: UInt64) throws -> AdditiveGame {
        var random = FastRandom(seed: seed)
        var rows: [Double] = []
        var minima: [Double] = []
        for _ in 0..<players {
            let count = Double(1 + random.next() % 10)
            var sum = 0.0, accepted = 0.0, welfare = 0.0, minimum = Double.infinity
            for _ in 0..<Int(count) {
                let p = random.random()
                sum += p
                if random.random() < 0.7 { accepted += 1 }
                welfare += 3 * p - 1
                minimum = min(minimum, p)
            }
            rows += [count, sum, accepted, welfare]
            minima.append(minimum)
        }
        let volumeTarget = Double(players) * 2
        return try AdditiveGame(aggregates: Matrix(rows: players, columns: 4, storage: rows), minima: minima) {
            sums, minimum in
            if sums[0] == 0 { return 0 }
            let quality = sums[1] / sums[0]
            let volume = sums[0]
            let qualityScore = quality >= 0.7 ? 1 : quality / 0.7
            let volumeScore = volume >= volumeTarget ? 1 : volume / volumeTarget
            let floorScore = minimum >= 0.05 ? 1 : minimum / 0.05
            return (1.0 * qualityScore + 0.5 * volumeScore + 0.25 * floorScore) / 1.75
        }
    }
}
