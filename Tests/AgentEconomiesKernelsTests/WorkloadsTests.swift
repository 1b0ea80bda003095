import AgentEconomiesKernels
import Testing
import Workloads

/// The shared seeded inputs (Workloads): the same arguments give the same input, each is
/// shaped as documented, and small instances of the Sybil benchmarks' populations pass the
/// benchmarks' own checks (every planted group recovered, the dense and sparse joins agreeing).
@Suite struct WorkloadsTests {
    @Test func marketsAreFunctionsOfTheirSeed() throws {
        let a = try Markets.uniform(agents: 40, resources: 6, seed: 3)
        let b = try Markets.uniform(agents: 40, resources: 6, seed: 3)
        let c = try Markets.uniform(agents: 40, resources: 6, seed: 4)
        #expect(a.valuations == b.valuations && a.valuations != c.valuations)
        let r = try Markets.random(agents: 40, resources: 6, seed: 3, missingShare: 0.2)
        let s = try Markets.random(agents: 40, resources: 6, seed: 3, missingShare: 0.2)
        #expect(r.valuations == s.valuations && r.valued == s.valued && r.budgets == s.budgets && r.supplies == s.supplies)
    }

    @Test func theBenchmarkMarketIsUniformWithEqualBudgets() throws {
        let market = try Markets.uniform(agents: 500, resources: 8)
        #expect(market.valuations.storage.allSatisfy { $0 > 0 && $0 <= 10 })
        #expect(market.budgets.allSatisfy { $0 == 100 })
        #expect(market.supplies.allSatisfy { $0 == 100 * 500 / 8 })
        #expect(market.valued == nil)
        let mean = market.valuations.storage.reduce(0, +) / Double(market.valuations.storage.count)
        #expect(abs(mean - 5) < 0.2)
    }

    @Test func theRandomMarketHasItsShares() throws {
        let agents = 2_000, resources = 10
        let market = try Markets.random(
            agents: agents, resources: resources, seed: 5, missingShare: 0.25, negativeShare: 0.1)
        let entries = Double(agents * resources)
        let missing = Double(market.valued!.filter { !$0 }.count) / entries
        let negative = Double(market.valuations.storage.filter { $0 < 0 }.count) / entries
        #expect(abs(missing - 0.25) < 0.02 && abs(negative - 0.1) < 0.02)
        #expect(market.valuations.storage.allSatisfy { $0 != 0 && abs($0) <= 10 })
        #expect(market.budgets.allSatisfy { $0 >= 50 && $0 < 150 })
        let even = 100 * Double(agents) / Double(resources)
        #expect(market.supplies.allSatisfy { $0 >= 0.5 * even && $0 < 1.5 * even })
        #expect(try Markets.random(agents: 3, resources: 2, seed: 5).valued == nil)
    }

    @Test func theHoledMarketHasItsHoles() throws {
        let agents = 300, resources = 4
        let plain = try Markets.random(agents: agents, resources: resources, seed: 19)
        let market = try Markets.holed(agents: agents, resources: resources, seed: 19, lastResourceValuedBy: 50)
        #expect(market.supplies == plain.supplies)
        for agent in 0..<agents {
            #expect(market.budgets[agent] == (agent % 9 == 4 ? 0 : plain.budgets[agent]))
            for resource in 0..<resources {
                let zero =
                    agent % 13 == 6 || (resource == resources - 1 && agent < agents - 50)
                #expect(market.valuations[agent, resource] == (zero ? 0 : plain.valuations[agent, resource]))
            }
        }
    }

    @Test func zipfDrawsAreDistinctAndFavourThePopular() {
        let popularity = ZipfPopularity(count: 1_000)
        #expect(popularity.count == 1_000)
        #expect(abs(popularity.total - (1...1_000).reduce(0.0) { $0 + 1 / Double($1) }) < 1e-12)
        var random = FastRandom(seed: 1)
        var hits = [Int](repeating: 0, count: 1_000)
        for _ in 0..<500 {
            let keys = popularity.distinctDraws(20, random: &random)
            #expect(Set(keys).count == 20 && keys.allSatisfy { $0 >= 0 && $0 < 1_000 })
            for key in keys { hits[Int(key)] += 1 }
        }
        // Rank 0 carries 1/H(1000), about 13% of each draw: in nearly every set of 20.
        #expect(hits[0] > 450 && hits[0] > hits[9] && hits[9] > hits[999])
    }

    @Test func theSparsePopulationPassesTheBenchmarkChecks() throws {
        let population = try PlantedPatterns.sparse(agents: 5_000, counterparties: 2_000, seed: 12, keepingRows: 30)
        let patterns = population.patterns
        #expect(patterns.rowCount == 5_000 && patterns.entryCount == 5_000 * 20)
        #expect(population.groups.count == 10 && population.groups.allSatisfy { (3...10).contains($0.count) })
        #expect(population.leadingRows.count == 30)
        for (row, pairs) in population.leadingRows.enumerated() {
            let range = patterns.rowOffsets[row]..<patterns.rowOffsets[row + 1]
            let sorted = pairs.sorted { $0.0 < $1.0 }
            #expect(Array(patterns.columns[range]) == sorted.map(\.0))
            #expect(Array(patterns.values[range]) == sorted.map { Double($0.1) })
        }
        // As `sybil.sparse_clusters` checks: every planted group comes out as a cluster.
        let found = Set(try SimilarityJoin.clusters(patterns, threshold: 0.8).clusters.map { $0.sorted() })
        #expect(population.groups.allSatisfy { found.contains($0) })
        let again = try PlantedPatterns.sparse(agents: 5_000, counterparties: 2_000, seed: 12)
        #expect(again.patterns == patterns && again.groups == population.groups && again.leadingRows.isEmpty)
    }

    @Test func theDensePopulationPassesTheBenchmarkChecks() throws {
        let population = try PlantedPatterns.dense(agents: 800, features: 128, seed: 11)
        #expect(population.groups.count == 4)
        #expect(abs(population.patterns.density - 0.3) < 0.02)
        // As `sybil.dense_similarity` checks: the dense and sparse joins agree, and every
        // planted group comes out as a cluster.
        let dense = try SimilarityJoin.clusters(population.patterns, threshold: 0.8, path: .dense)
        let sparse = try SimilarityJoin.clusters(population.patterns, threshold: 0.8, path: .sparse)
        #expect(dense.clusters == sparse.clusters)
        let found = Set(dense.clusters.map { $0.sorted() })
        #expect(population.groups.allSatisfy { found.contains($0) })
    }

    @Test func keyedPatternsPlantTheirRows() throws {
        let patterns = try PlantedPatterns.keyed(rows: 100, columns: 50, seed: 2, keyCounts: 2...5) { row in
            row % 10 == 0 ? [1, 2, 3] : nil
        }
        #expect(patterns.rowCount == 100 && patterns.values.allSatisfy { (1...3).contains($0) })
        for row in stride(from: 0, to: 100, by: 10) {
            #expect(Array(patterns.columns[patterns.rowOffsets[row]..<patterns.rowOffsets[row + 1]]) == [1, 2, 3])
        }
        for row in 0..<100 where row % 10 != 0 {
            #expect((1...5).contains(patterns.rowOffsets[row + 1] - patterns.rowOffsets[row]))
        }
    }

    @Test func orderStreamsAreShapedAndPrefixStable() {
        let stream = OrderStream(orders: 40_000, agentCount: 100, ordersPerTick: 500, seed: 7)
        #expect(stream.count == 40_000 && stream.ordersPerTick == 500)
        let cancels = Double(stream.kinds.filter { $0 == .cancel }.count) / 40_000
        let bids = Double(stream.kinds.filter { $0 == .bid }.count) / 40_000
        #expect(abs(cancels - 0.05) < 0.01 && abs(bids - 0.475) < 0.02)
        #expect(stream.agents.allSatisfy { $0 >= 0 && $0 < 100 })
        #expect(stream.quantities.allSatisfy { (1...10).contains($0) && $0 == $0.rounded() })
        #expect(stream.prices.allSatisfy { $0 > 90 && $0 < 110 && ($0 * 100).rounded() / 100 == $0 })
        let prefix = OrderStream(orders: 1_234, agentCount: 100, ordersPerTick: 500, seed: 7)
        #expect(prefix.agents == Array(stream.agents.prefix(1_234)) && prefix.kinds == Array(stream.kinds.prefix(1_234)))
        #expect(prefix.prices == Array(stream.prices.prefix(1_234)))
    }

    @Test func interactionColumnsFollowTheirArguments() {
        let (p, accepted) = Interactions.columns(50_000, seed: 3, acceptance: 0.6)
        #expect(p.count == 50_000 && p.allSatisfy { $0 >= 0 && $0 < 1 })
        #expect(abs(Double(accepted.filter { $0 }.count) / 50_000 - 0.6) < 0.01)
        let (gridded, same) = Interactions.columns(1_000, seed: 3, acceptance: 0.6, grid: 0.125)
        #expect(same == Array(accepted.prefix(1_000)))
        #expect(zip(gridded, p).allSatisfy { $0 == ($1 / 0.125).rounded(.down) * 0.125 })
    }

    @Test func matricesAreUniformInTheirRange() {
        let m = Matrices.uniform(30, 20, seed: 4, as: Double.self)
        #expect(m.rows == 30 && m.columns == 20 && m.storage.allSatisfy { $0 >= -1 && $0 < 1 })
        let f = Matrices.uniform(30, 20, seed: 4, lower: 0, upper: 1, as: Float.self)
        #expect(f.storage.allSatisfy { $0 >= 0 && $0 <= 1 })
        #expect(Matrices.uniform(30, 20, seed: 4, as: Double.self) == m)
    }
}
