import AgentEconomiesKernels
import Testing
import Workloads

/// The sorted envy path against the pairwise one, on inputs built to stress it: ties in costs
/// and quantities, zero and negative valuations, empty and multi-good bundles, utilities that
/// are and are not the agent's own value, tolerances 0 and above.
@Suite struct SortedEnvyTests {
    func randomInput(
        agents: Int, resources: Int, seed: UInt64, tolerance: Double, residueShare: Double = 0
    ) throws -> AuctionKernels.EnvyCheckInput {
        var random = FastRandom(seed: seed)
        func pick<T>(_ values: [T]) -> T { values[Int(random.next() % UInt64(values.count))] }
        var valuations = [Double](repeating: 0, count: agents * resources)
        for index in valuations.indices {
            valuations[index] = pick([0.0, -1.5, 2.0, 3.0, random.uniform(-2, 10), random.uniform(0, 10)])
        }
        var offsets = [0], columns: [Int32] = [], values: [Double] = [], costs: [Double] = []
        for _ in 0..<agents {
            let kind = random.random()
            if kind < residueShare {
                // One good plus rounding residue of others, as the reference's demand walk leaves.
                var chosen = Set<Int32>()
                while chosen.count < min(1 + Int(random.next() % 3), resources) {
                    chosen.insert(Int32(random.next() % UInt64(resources)))
                }
                let main = chosen.randomElement(using: &random)!
                for good in chosen.sorted() {
                    columns.append(good)
                    values.append(good == main ? pick([1.0, 2.0, random.uniform(0, 5)]) : pick([1e-16, 5.5e-17, 2e-15]))
                }
                offsets.append(columns.count)
                costs.append(pick([0.0, 10.0, 50.0, random.uniform(0, 100)]))
                continue
            }
            let goods = kind < 0.1 ? 0 : kind < 0.85 ? 1 : Int(2 + random.next() % 3)
            var chosen = Set<Int32>()
            while chosen.count < min(goods, resources) { chosen.insert(Int32(random.next() % UInt64(resources))) }
            for good in chosen.sorted() {
                columns.append(good)
                values.append(pick([1.0, 2.0, 0.5, random.uniform(0, 5)]))
            }
            offsets.append(columns.count)
            costs.append(pick([0.0, 10.0, 50.0, random.uniform(0, 100)]))
        }
        let bundles = try SparseRows(columnCount: resources, rowOffsets: offsets, columns: columns, values: values)
        let utilities = (0..<agents).map { i in
            // Half the agents' utilities are their own bundle's value, as after a run.
            random.random() < 0.5
                ? (offsets[i]..<offsets[i + 1]).reduce(0.0) { $0 + valuations[i * resources + Int(columns[$1])] * values[$1] }
                : random.uniform(-5, 20)
        }
        let budgets = (0..<agents).map { _ in pick([0.0, 10.0, 50.0, random.uniform(0, 120)]) }
        return try AuctionKernels.EnvyCheckInput(
            valuations: Matrix(rows: agents, columns: resources, storage: valuations), bundles: bundles,
            bundleCosts: costs, utilities: utilities, budgets: budgets, tolerance: tolerance)
    }

    /// The sorted path against the pairwise one on `input` for each thread count: the same
    /// counts, and the largest gap within `relativeGap` of the pairwise one (exact up to the
    /// residue terms where two bundles' main parts tie).
    func expectSortedAgrees(_ input: AuctionKernels.EnvyCheckInput, threads: [Int], relativeGap: Double) throws {
        let pairwise = try AuctionKernels.envyCheck(input, path: .pairwise)
        #expect(pairwise.violationCount > 100)
        for threads in threads {
            let sorted = try AuctionKernels.envyCheck(input, path: .sorted, threads: threads)
            #expect(sorted.violationsPerAgent == pairwise.violationsPerAgent, "\(threads) threads")
            #expect(abs(sorted.largestGap - pairwise.largestGap) <= relativeGap * max(1, abs(pairwise.largestGap)))
        }
    }

    @Test(arguments: [(1, 0.0), (2, 0.05), (3, 1.0), (4, 0.0)])
    func sortedEqualsPairwise(seed: UInt64, tolerance: Double) throws {
        let input = try randomInput(agents: 400, resources: 6, seed: seed, tolerance: tolerance)
        let pairwise = try AuctionKernels.envyCheck(input, path: .pairwise)
        #expect(pairwise.violationCount > 100, "the input should have envy to compare")
        for threads in [1, 2, 5] {
            let sorted = try AuctionKernels.envyCheck(input, path: .sorted, threads: threads)
            #expect(sorted.violationsPerAgent == pairwise.violationsPerAgent, "\(threads) threads")
            #expect(sorted.largestGap == pairwise.largestGap)
        }
        let sorted = try AuctionKernels.envyCheck(input, path: .sorted)
        #expect(Array(sorted.violations) == Array(pairwise.violations))
    }

    @Test(arguments: [(5, 0.0), (6, 0.05), (7, 1.0)])
    func bundlesWithRoundingResidueAreDecidedExactly(seed: UInt64, tolerance: Double) throws {
        let input = try randomInput(agents: 500, resources: 5, seed: seed, tolerance: tolerance, residueShare: 0.3)
        // Residue terms are 1e-14 here.
        try expectSortedAgrees(input, threads: [1, 3], relativeGap: 1e-9)
    }

    /// Every bundle is one good plus residue: the counts and the largest gap come from the
    /// residue lists alone (their largest gap skips a bundle's exact sum only where its
    /// proxy's bound cannot beat the gap found so far).
    @Test(arguments: [(10, 0.0), (11, 0.05)])
    func residueBundlesAloneGiveTheLargestGap(seed: UInt64, tolerance: Double) throws {
        var random = FastRandom(seed: seed)
        let agents = 600, resources = 4
        let valuations = (0..<(agents * resources)).map { _ in random.uniform(-1, 10) }
        var offsets = [0], columns: [Int32] = [], values: [Double] = []
        for _ in 0..<agents {
            let main = Int32(random.next() % UInt64(resources)), other = (main + 1) % Int32(resources)
            for good in [main, other].sorted() {
                columns.append(good)
                values.append(good == main ? random.uniform(0.1, 5) : 1e-16)
            }
            offsets.append(columns.count)
        }
        let costs = (0..<agents).map { _ in random.uniform(0, 100) }
        let budgets = (0..<agents).map { _ in random.uniform(0, 120) }
        let utilities = (0..<agents).map { _ in random.uniform(0, 20) }
        let input = try AuctionKernels.EnvyCheckInput(
            valuations: Matrix(rows: agents, columns: resources, storage: valuations),
            bundles: SparseRows(columnCount: resources, rowOffsets: offsets, columns: columns, values: values),
            bundleCosts: costs, utilities: utilities, budgets: budgets, tolerance: tolerance)
        try expectSortedAgrees(input, threads: [1, 3], relativeGap: 1e-12)
    }

    /// With many goods a worker visits the agents once per block of up to eight goods.
    @Test(arguments: [(8, 0.0), (9, 0.05)])
    func blocksOfGoodsCountAsSingleGoods(seed: UInt64, tolerance: Double) throws {
        let input = try randomInput(agents: 700, resources: 37, seed: seed, tolerance: tolerance, residueShare: 0.2)
        try expectSortedAgrees(input, threads: [1, 2, 4], relativeGap: 1e-9)
    }

    @Test func automaticChoosesSortedForOneGoodBundlesAndAgrees() throws {
        let market = try Markets.random(agents: 2_000, resources: 8, seed: 3)
        let result = try AuctionKernels.run(
            market,
            parameters: AuctionKernels.RunParameters(
                solver: .tatonnement(.init(maxRounds: 10, rate: 0.1, tolerance: 0.01)), envyTolerance: 0.05))
        let input = AuctionKernels.EnvyCheckInput(
            valuations: market.valuations, bundles: result.bundles, bundleCosts: result.pricesPaid,
            utilities: result.utilities, budgets: market.budgets, tolerance: 0.05)
        let tiled = try AuctionKernels.envyCheck(input, path: .tiled)
        let sorted = try AuctionKernels.envyCheck(input, path: .sorted)
        #expect(sorted.violationsPerAgent == tiled.violationsPerAgent)
        #expect(result.envy.violationsPerAgent == tiled.violationsPerAgent)
    }

    @Test func nonFiniteInputFallsBackToPairwise() throws {
        var input = try randomInput(agents: 100, resources: 3, seed: 9, tolerance: 0.05)
        input = AuctionKernels.EnvyCheckInput(
            valuations: input.valuations, bundles: input.bundles, bundleCosts: input.bundleCosts,
            utilities: [Double.nan] + input.utilities.dropFirst(), budgets: input.budgets, tolerance: 0.05)
        let sorted = try AuctionKernels.envyCheck(input, path: .sorted)
        let pairwise = try AuctionKernels.envyCheck(input, path: .pairwise)
        #expect(sorted.violationsPerAgent == pairwise.violationsPerAgent)
    }
}
