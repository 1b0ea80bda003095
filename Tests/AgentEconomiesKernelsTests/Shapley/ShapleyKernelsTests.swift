import AgentEconomiesKernels
import Foundation
import Testing
import Workloads

/// The same game as a value function of membership.
private func functionGame(_ game: AdditiveGame) throws -> CoalitionFunctionGame {
    try CoalitionFunctionGame(players: game.players) { members in
        var sums = [0.0, 0.0, 0.0]
        var minimum = Double.infinity
        for player in 0..<members.count where members[player] {
            for column in 0..<3 { sums[column] += game.aggregates[player, column] }
            minimum = min(minimum, game.minima[player])
        }
        return sums.withUnsafeBufferPointer { game.value($0, minimum) }
    }
}

/// The Shapley formula written out directly: factorials, every subset, no shared code.
private func bruteForce(_ game: CoalitionFunctionGame) -> [Double] {
    let n = game.players
    func factorial(_ k: Int) -> Double { k <= 1 ? 1 : Double(k) * factorial(k - 1) }
    func value(_ subset: Int) -> Double {
        let members = (0..<n).map { subset & (1 << $0) != 0 }
        return members.withUnsafeBufferPointer { game.value($0) }
    }
    return (0..<n).map { player in
        var total = 0.0
        for subset in 0..<(1 << n) where subset & (1 << player) == 0 {
            let size = subset.nonzeroBitCount
            total +=
                factorial(size) * factorial(n - size - 1) / factorial(n)
                * (value(subset | (1 << player)) - value(subset))
        }
        return total
    }
}

@Suite struct ShapleyKernelsTests {
    @Test(arguments: Array(1...10))
    func exactEqualsTheFormula(players: Int) throws {
        let game = try Games.random(players: players, seed: UInt64(players))
        let expected = bruteForce(try functionGame(game))
        let viaGEMM = try ShapleyKernels.exact(game)
        let viaFunction = try ShapleyKernels.exact(try functionGame(game))
        for player in 0..<players {
            #expect(abs(viaGEMM.values[player] - expected[player]) <= 1e-12)
            #expect(abs(viaFunction.values[player] - expected[player]) <= 1e-12)
        }
    }

    @Test func efficiencySymmetryAndNullPlayer() throws {
        let game = try Games.random(players: 12, seed: 5, nullPlayer: 4, twins: true)
        let exact = try ShapleyKernels.exact(game)
        #expect(abs(exact.values.reduce(0, +) - exact.grandValue) <= 1e-12)
        #expect(abs(exact.values[0] - exact.values[1]) <= 1e-12)
        #expect(abs(exact.values[4]) <= 1e-14)
        let sampled = try ShapleyKernels.permutation(game, parameters: .init(maxPermutations: 200, seed: 3))
        #expect(abs(sampled.values.reduce(0, +) - sampled.grandValue) <= 1e-10)
        #expect(sampled.values[4] == 0 && sampled.standardErrors[4] == 0)
        let regression = try ShapleyKernels.regression(game, parameters: .init(coalitions: 4_000, seed: 2))
        #expect(abs(regression.values.reduce(0, +) - regression.grandValue) <= 1e-10)
    }

    @Test func additivity() throws {
        let first = try functionGame(try Games.random(players: 9, seed: 21))
        let second = try functionGame(try Games.random(players: 9, seed: 22))
        let sum = try CoalitionFunctionGame(players: 9) { first.value($0) + second.value($0) }
        let a = try ShapleyKernels.exact(first), b = try ShapleyKernels.exact(second)
        let c = try ShapleyKernels.exact(sum)
        for player in 0..<9 { #expect(abs(c.values[player] - a.values[player] - b.values[player]) <= 1e-12) }
    }

    /// At 16 players, sampled values lie within 3 standard errors of the exact ones for at
    /// least 95% of players (pooled over ten games), and the error shrinks like 1/sqrt(samples).
    @Test func samplingIsCalibrated() throws {
        var within = 0, total = 0
        var squaredErrorSmall = 0.0, squaredErrorLarge = 0.0
        for seed in 0..<10 {
            let game = try Games.random(players: 16, seed: UInt64(100 + seed))
            let exact = try ShapleyKernels.exact(game)
            let small = try ShapleyKernels.permutation(
                game, parameters: .init(maxPermutations: 256, seed: UInt64(seed)))
            let large = try ShapleyKernels.permutation(
                game,
                parameters: .init(
                    maxPermutations: 4_096,
                    seed: UInt64(1_000 + seed)))
            for player in 0..<16 {
                total += 1
                if abs(large.values[player] - exact.values[player]) <= 3 * large.standardErrors[player] { within += 1 }
                squaredErrorSmall += pow(small.values[player] - exact.values[player], 2)
                squaredErrorLarge += pow(large.values[player] - exact.values[player], 2)
            }
        }
        #expect(Double(within) >= 0.95 * Double(total), "\(within) of \(total)")
        let ratio = (squaredErrorSmall / squaredErrorLarge).squareRoot()  // expected sqrt(16) = 4
        #expect(ratio > 2.5 && ratio < 6.5, "error ratio \(ratio)")
    }

    @Test func stoppingRuleAndThreads() throws {
        let game = try Games.random(players: 30, seed: 8)
        let one = try ShapleyKernels.permutation(game, parameters: .init(maxPermutations: 600, seed: 4), threads: 1)
        let two = try ShapleyKernels.permutation(game, parameters: .init(maxPermutations: 600, seed: 4), threads: 2)
        #expect(one == two)
        let target = 0.01
        let stopped = try ShapleyKernels.permutation(
            game,
            parameters: .init(
                maxPermutations: 100_000,
                targetStandardError: target, seed: 4))
        #expect(stopped.samples < 100_000)
        #expect(stopped.standardErrors.allSatisfy { $0 <= target })
        #expect(
            try ShapleyKernels.exact(game.players > 20 ? Games.random(players: 14, seed: 1) : game, threads: 1)
                == ShapleyKernels.exact(game.players > 20 ? Games.random(players: 14, seed: 1) : game, threads: 2))
    }

    @Test func regressionApproachesExact() throws {
        let game = try Games.random(players: 8, seed: 31)
        let exact = try ShapleyKernels.exact(game)
        let estimate = try ShapleyKernels.regression(game, parameters: .init(coalitions: 40_000, seed: 9))
        let scale = exact.values.map(abs).max()!
        for player in 0..<8 { #expect(abs(estimate.values[player] - exact.values[player]) <= 0.05 * scale) }
    }

    @Test func limitsAreErrors() throws {
        let big = try CoalitionFunctionGame(players: 27) { _ in 0 }
        #expect(throws: AgentEconomiesError.self) { try ShapleyKernels.exact(big) }
        let game = try Games.random(players: 3, seed: 1)
        #expect(throws: AgentEconomiesError.self) {
            try ShapleyKernels.permutation(game, parameters: .init(maxPermutations: 1))
        }
        #expect(throws: AgentEconomiesError.self) {
            try ShapleyKernels.permutation(game, parameters: .init(targetStandardError: -1))
        }
        #expect(throws: AgentEconomiesError.self) {
            try ShapleyKernels.regression(game, parameters: .init(coalitions: 1))
        }
        #expect(throws: AgentEconomiesError.self) { try CoalitionFunctionGame(players: -1) { _ in 0 } }
        #expect(throws: AgentEconomiesError.self) {
            try AdditiveGame(aggregates: Matrix(rows: 2, columns: 1, storage: [1, .nan])) { _, _ in 0 }
        }
        let empty = try ShapleyKernels.exact(try CoalitionFunctionGame(players: 0) { _ in 1 })
        #expect(empty.values.isEmpty)
    }
    /// A coalition whose value overflows makes the Shapley values undefined (infinity minus
    /// infinity): the exact estimators refuse the game and name the coalition (found by the
    /// missions fuzz target: an objective of weight 1e300 and target 1e-300).
    @Test func exactValuesRefuseNonFiniteCoalitions() throws {
        let game = try AdditiveGame(aggregates: Matrix(rows: 3, columns: 1, storage: [1e307, 1e307, -1])) { sums, _ in
            sums[0] * 10
        }
        #expect(throws: AgentEconomiesError.self) { try ShapleyKernels.exact(game) }
        let function = try CoalitionFunctionGame(players: 2) { members in members[0] && members[1] ? .infinity : 1 }
        #expect(throws: AgentEconomiesError.self) { try ShapleyKernels.exact(function) }
        let finite = try CoalitionFunctionGame(players: 2) { members in members[0] && members[1] ? 3 : 1 }
        #expect(try ShapleyKernels.exact(finite).values == [1, 1])
    }
}
