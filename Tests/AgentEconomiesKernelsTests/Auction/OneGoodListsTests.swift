import Testing

@testable import AgentEconomiesKernels

/// The one-good lists' two-level search (every 32nd quantity first, then one stride) finds the
/// same first rank as a scan over all quantities, for lists shorter than, equal to and longer
/// than a stride, ties included, and thresholds below, between, on and above the quantities.
@Suite struct OneGoodListsTests {
    @Test(arguments: [0, 1, 2, 31, 32, 33, 64, 65, 100, 257])
    func firstRankEqualsAScan(members: Int) throws {
        // Quantities with ties (every third repeats), members in a shuffled order.
        let quantity = (0..<members).map { Double(($0 / 3) * 2) + 0.5 }
        let ids = (0..<members).map { Int32(($0 * 7) % max(1, members)) }
        let costs = (0..<members).map { Double($0 % 5) }
        try #require(Set(ids).count == members)
        let lists = AuctionKernels.OneGoodLists(ids, costs: costs) { quantity[Int($0)] }
        let sorted = lists.sortedQuantity
        #expect(sorted == quantity.sorted())
        for threshold in stride(from: -1.0, through: Double(members) + 1, by: 0.25) {
            let scan = sorted.firstIndex { $0 >= threshold } ?? sorted.count
            #expect(lists.firstRank { $0 >= threshold } == scan, "\(members) members, threshold \(threshold)")
            let below = sorted.firstIndex { !($0 < threshold) } ?? sorted.count
            #expect(lists.firstRank { !($0 < threshold) } == below)
        }
    }

    @Test("the guided search gives the plain search's rank for any estimate", arguments: [0, 7, 8, 9, 40, 1_000, 5_003])
    func guidedRankEqualsThePlainSearch(members: Int) throws {
        // Skewed quantities (most near 0, a few far out) with ties, so buckets are uneven.
        var generator = FastRandom(seed: UInt64(members) + 3)
        let quantity = (0..<members).map { _ -> Double in
            let u = generator.random()
            return ((u * u * u * 1_000).rounded() / 4)
        }
        let ids = (0..<members).map { Int32($0) }
        let costs = (0..<members).map { Double($0 % 7) }
        let lists = AuctionKernels.OneGoodLists(ids, costs: costs) { quantity[Int($0)] }
        for _ in 0..<400 {
            let value = generator.random() * 4 - 2
            let own = generator.random() * 300 - 50, tolerance = 0.05
            guard value != 0 else { continue }
            let violates = { (q: Double) -> Bool in value * q - own > tolerance }
            let holds = value > 0 ? violates : { !violates($0) }
            let expected = lists.firstRank(where: holds)
            let exact = (own + tolerance) / value
            // The estimate the envy check passes, and poor ones: the guide must not change the rank.
            for estimate in [exact, exact * 1.5, exact - 40, .infinity, -.infinity, .nan, 0] {
                let guided = lists.firstRank(near: estimate, where: holds)
                #expect(guided == expected, "\(members) members, value \(value), own \(own), estimate \(estimate)")
                if guided != expected { return }
            }
            // Bounded by the first rank of a stricter test (which implies this one), as the
            // residue counts bound their band: the same rank, whether or not the bound is it.
            for margin in [0, 1e-12, 0.25, 3, 1e9] {
                let stricter = { (q: Double) -> Bool in
                    value > 0 ? value * q - own > tolerance + margin : value * q - own < tolerance - margin
                }
                let bound = lists.firstRank(where: stricter)
                let bounded = lists.firstRank(near: exact, atMost: bound, where: holds)
                #expect(bounded == expected, "\(members) members, value \(value), own \(own), margin \(margin)")
            }
        }
    }

    @Test("orders, ranks, admitted counts and prefix extremes equal a brute force", arguments: [1, 2, 9, 300, 2_000])
    func listsEqualABruteForce(members: Int) throws {
        // Members from a larger population, given shuffled; costs and quantities with ties.
        var generator = FastRandom(seed: UInt64(members) + 17)
        let population = 3 * members + 5
        var ids = (0..<population).map { Int32($0) }
        ids.shuffle(using: &generator)
        ids = Array(ids.prefix(members))
        let costs = (0..<population).map { _ in (generator.random() * 20).rounded() }
        let quantity = (0..<population).map { _ in (generator.random() * 50).rounded() - 10 }
        let lists = AuctionKernels.OneGoodLists(ids, costs: costs) { quantity[Int($0)] }
        let byCost = ids.sorted { (costs[Int($0)], $0) < (costs[Int($1)], $1) }
        let byQuantity = ids.sorted { (quantity[Int($0)], $0) < (quantity[Int($1)], $1) }
        #expect(lists.byCost == byCost)
        #expect(lists.byQuantity == byQuantity)
        let rankOf = Dictionary(uniqueKeysWithValues: byQuantity.enumerated().map { ($1, $0) })
        for j in 0..<Int32(population) {
            #expect(lists.rank(of: j) == rankOf[j].map(Int32.init), "member \(j)")
        }
        // Admission by ascending limit: counts below every rank and the extremes, one left out.
        var admitting = lists
        for limit in stride(from: -1.0, through: 21, by: 1) {
            admitting.admit(upTo: limit)
            let admitted = ids.filter { costs[Int($0)] <= limit }
            #expect(admitting.affordable == admitted.count)
            var below = 0
            let admittedRanks = Set(admitted.map { rankOf[$0]! })
            for position in 0...members {
                #expect(admitting.admitted(below: position) == below, "limit \(limit), below \(position)")
                if admittedRanks.contains(position) { below += 1 }
            }
            for largest in [true, false] {
                for excluded in [Int32(-1)] + admitted.prefix(3) {
                    let others = admitted.filter { $0 != excluded }.map { quantity[Int($0)] }
                    let expected = largest ? others.max() : others.min()
                    let found = admitting.extreme(largest: largest, excluding: excluded).map { quantity[Int($0)] }
                    #expect(found == expected, "limit \(limit), largest \(largest), excluding \(excluded)")
                }
            }
        }
    }
}
