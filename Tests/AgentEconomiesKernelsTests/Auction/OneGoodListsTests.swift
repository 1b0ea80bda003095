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
}
