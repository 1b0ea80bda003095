import AgentEconomies
import Workloads

/// `shapley.exact`, `shapley.permutation` and `mission.rewards`; the Shapley rows on Workloads'
/// mission-like game (`Games.mission`).
enum ShapleyBenchmarks {
    static func exact(peak: Peak, scale: Scale) throws -> [BenchmarkResult] {
        let quick = scale == .quick
        let players = quick ? 16 : 20
        let game = try Games.mission(players: players, seed: 1)
        progress("shapley.exact: \(players) players (\(1 << players) coalitions)")
        var estimate = try ShapleyKernels.exact(game)
        let timing = try measure(runs: quick ? 3 : 5, budget: 30) { estimate = try ShapleyKernels.exact(game) }
        // Baseline: the textbook formula, coalition by coalition from the player lists, at 14 players.
        let baselinePlayers = 14
        let small = try Games.mission(players: baselinePlayers, seed: 1)
        progress("shapley.exact baseline: \(baselinePlayers) players")
        var check = [Double]()
        let baseline = measure(runs: 3, budget: 30, warmup: false) { check = textbookShapley(small) }
        let kernelSmall = try ShapleyKernels.exact(small)
        precondition(zip(check, kernelSmall.values).allSatisfy { abs($0 - $1) < 1e-9 }, "exact and baseline disagree")
        let perUnit = timing.median / Double((1 << players) * players)
        let baselinePerUnit = baseline.median / Double((1 << baselinePlayers) * baselinePlayers)
        let efficiencyError = abs(estimate.values.reduce(0, +) - estimate.grandValue)
        return [
            BenchmarkResult(
                kernel: "shapley.exact",
                params: [("players", .int(players)), ("threads", .int(Parallel.defaultThreadCount))],
                timing: timing, baselineSeconds: baseline.median, speedupVsBaseline: baselinePerUnit / perUnit,
                metrics: [
                    ("coalitions", .int(1 << players)), ("efficiency_error", .double(efficiencyError)),
                    ("baseline_params", .string("players=\(baselinePlayers) textbook formula")),
                ])
        ]
    }

    /// The textbook formula: for every player and every coalition without it, rebuild both
    /// coalitions' aggregates from the member list and value them.
    static func textbookShapley(_ game: AdditiveGame) -> [Double] {
        let n = game.players
        func value(_ subset: Int) -> Double {
            var sums = [Double](repeating: 0, count: game.aggregates.columns)
            var minimum = Double.infinity
            for player in 0..<n where subset & (1 << player) != 0 {
                for column in 0..<sums.count { sums[column] += game.aggregates[player, column] }
                minimum = min(minimum, game.minima[player])
            }
            return sums.withUnsafeBufferPointer { game.value($0, minimum) }
        }
        var factorial = [1.0]
        for k in 1...max(1, n) { factorial.append(factorial[k - 1] * Double(k)) }
        return (0..<n).map { player in
            var total = 0.0
            for subset in 0..<(1 << n) where subset & (1 << player) == 0 {
                let size = subset.nonzeroBitCount
                total +=
                    factorial[size] * factorial[n - size - 1] / factorial[n]
                    * (value(subset | (1 << player)) - value(subset))
            }
            return total
        }
    }

    static func permutation(peak: Peak, scale: Scale) throws -> [BenchmarkResult] {
        let quick = scale == .quick
        let players = 1_000, permutations = quick ? 200 : 1_000
        let game = try Games.mission(players: players, seed: 2)
        let parameters = ShapleyKernels.SamplingParameters(
            maxPermutations: permutations, roundPermutations: permutations,
            seed: 7)
        progress("shapley.permutation: \(players) players x \(permutations) permutations")
        var estimate = try ShapleyKernels.permutation(game, parameters: parameters)
        let timing = try measure(runs: quick ? 3 : 7, budget: 30) {
            estimate = try ShapleyKernels.permutation(game, parameters: parameters)
        }
        let marginals = Double(estimate.evaluations)
        // Baseline: the same sampling with each coalition rebuilt from its member list.
        let baselinePermutations = 20
        progress("shapley.permutation baseline: \(players) players x \(baselinePermutations) permutations")
        let baseline = measure(runs: 3, budget: 30, warmup: false) {
            var random = FastRandom(seed: 1)
            var totals = [Double](repeating: 0, count: players)
            for _ in 0..<baselinePermutations {
                let order = (0..<players).shuffled(using: &random)
                var members: [Int] = []
                var previous = 0.0
                for player in order {
                    members.append(player)
                    var sums = [0.0, 0.0, 0.0, 0.0]
                    var minimum = Double.infinity
                    for member in members {
                        for column in 0..<4 { sums[column] += game.aggregates[member, column] }
                        minimum = min(minimum, game.minima[member])
                    }
                    let current = sums.withUnsafeBufferPointer { game.value($0, minimum) }
                    totals[player] += current - previous
                    previous = current
                }
            }
        }
        let baselineMarginals = Double(baselinePermutations * players)
        return [
            BenchmarkResult(
                kernel: "shapley.permutation",
                params: [
                    ("players", .int(players)), ("permutations", .int(permutations)), ("antithetic", .string("true")),
                    ("threads", .int(Parallel.defaultThreadCount)),
                ],
                timing: timing, baselineSeconds: baseline.median,
                speedupVsBaseline: (baseline.median / baselineMarginals) / (timing.median / marginals),
                metrics: [
                    ("marginal_evals_per_s", .double(marginals / timing.median)),
                    ("max_standard_error", .double(estimate.standardErrors.max() ?? 0)),
                    ("efficiency_error", .double(abs(estimate.values.reduce(0, +) - estimate.grandValue))),
                    ("baseline_params", .string("permutations=\(baselinePermutations), coalitions rebuilt")),
                ])
        ]
    }
}
