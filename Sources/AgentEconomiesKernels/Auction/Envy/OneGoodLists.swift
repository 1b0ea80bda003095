extension AuctionKernels {
    /// The sorted envy path's view of a set of bundles with one (dominant) good: the members
    /// by cost and by quantity, the quantity rank of each, a Fenwick tree of the quantity
    /// ranks of the bundles affordable so far, and per cost prefix the two largest and two
    /// smallest quantities (for the largest gap with an agent's own bundle left out).
    struct OneGoodLists {
        /// Members by ascending cost (ties by index).
        let byCost: [Int32]
        /// Members by ascending quantity (ties by index).
        let byQuantity: [Int32]
        /// The quantities in `byQuantity` order.
        let sortedQuantity: [Double]
        /// Every `coarseStride`-th of `sortedQuantity`: a search's first steps in a few cache
        /// lines instead of one line per step over the whole list.
        private let coarseQuantity: [Double]
        /// The costs in `byCost` order (admission reads them in sequence).
        private let sortedCost: [Double]
        /// The quantity rank of each member.
        let rank: [Int32: Int32]
        private let costRank: [Int32]
        private let top: [(Int32, Int32)]
        private let bottom: [(Int32, Int32)]
        private var tree: [Int32]
        /// How many members (a prefix of `byCost`) have been admitted.
        private(set) var affordable = 0

        /// The lists of `members` with their costs and quantities.
        init(_ members: [Int32], costs: [Double], quantity: (Int32) -> Double) {
            byCost = members.sorted { (costs[Int($0)], $0) < (costs[Int($1)], $1) }
            byQuantity = members.sorted { (quantity($0), $0) < (quantity($1), $1) }
            let sortedQuantity = byQuantity.map(quantity)
            self.sortedQuantity = sortedQuantity
            coarseQuantity = stride(from: 0, to: sortedQuantity.count, by: Self.coarseStride).map { sortedQuantity[$0] }
            sortedCost = byCost.map { costs[Int($0)] }
            var rank: [Int32: Int32] = [:]
            rank.reserveCapacity(members.count)
            for (position, j) in byQuantity.enumerated() { rank[j] = Int32(position) }
            self.rank = rank
            costRank = byCost.map { rank[$0]! }
            var top = [(Int32, Int32)](repeating: (-1, -1), count: members.count)
            var bottom = top
            for (position, j) in byCost.enumerated() {
                var (first, second) = position > 0 ? top[position - 1] : (-1, -1)
                if first < 0 || quantity(j) > quantity(first) {
                    (first, second) = (j, first)
                } else if second < 0 || quantity(j) > quantity(second) {
                    second = j
                }
                top[position] = (first, second)
                var (low, nextLow) = position > 0 ? bottom[position - 1] : (-1, -1)
                if low < 0 || quantity(j) < quantity(low) {
                    (low, nextLow) = (j, low)
                } else if nextLow < 0 || quantity(j) < quantity(nextLow) {
                    nextLow = j
                }
                bottom[position] = (low, nextLow)
            }
            self.top = top
            self.bottom = bottom
            tree = [Int32](repeating: 0, count: members.count + 1)
        }

        /// Quantities per step of `coarseQuantity` (a search's last steps read at most
        /// `coarseStride` quantities, four cache lines).
        static let coarseStride = 32

        /// Admits every member costing at most `limit` (limits must come in ascending order).
        mutating func admit(upTo limit: Double) {
            let count = byCost.count
            while affordable < count && sortedCost[affordable] <= limit {
                var index = Int(costRank[affordable]) + 1
                while index <= count {
                    tree[index] += 1
                    index += index & -index
                }
                affordable += 1
            }
        }

        /// Admitted members whose quantity rank is below `position`.
        func admitted(below position: Int) -> Int {
            var index = position, total = 0
            while index > 0 {
                total += Int(tree[index])
                index -= index & -index
            }
            return total
        }

        /// The first quantity rank where `holds` (monotone: false, then true) is true: first
        /// among every `coarseStride`-th quantity, then within the stride before the first
        /// coarse hit (the same rank as one search over all of them, as `holds` is monotone).
        func firstRank(where holds: (Double) -> Bool) -> Int {
            var coarseLow = 0, coarseHigh = coarseQuantity.count
            while coarseLow < coarseHigh {
                let middle = (coarseLow + coarseHigh) / 2
                if holds(coarseQuantity[middle]) { coarseHigh = middle } else { coarseLow = middle + 1 }
            }
            // Rank coarseLow × stride holds (or is the end); the rank before the stride does not.
            if coarseLow == 0 { return 0 }
            var low = (coarseLow - 1) * Self.coarseStride + 1
            var high = min(coarseLow * Self.coarseStride, sortedQuantity.count)
            while low < high {
                let middle = (low + high) / 2
                if holds(sortedQuantity[middle]) { high = middle } else { low = middle + 1 }
            }
            return low
        }

        /// The admitted member with the largest (`largest`) or smallest quantity, `excluding`
        /// left out; nil when there is none.
        func extreme(largest: Bool, excluding: Int32) -> Int32? {
            if affordable == 0 { return nil }
            let (first, second) = largest ? top[affordable - 1] : bottom[affordable - 1]
            let other = first == excluding ? second : first
            return other >= 0 ? other : nil
        }
    }
}
