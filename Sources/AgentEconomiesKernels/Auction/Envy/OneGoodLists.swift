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
        /// The guide over the quantity range: `guide[g]` is the first rank whose quantity is at
        /// least `guideLow + g / guideScale` (``guideBuckets(_:)`` buckets, one more entry).
        private let guide: [Int32]
        private let guideLow: Double, guideScale: Double
        /// The costs in `byCost` order (admission reads them in sequence).
        private let sortedCost: [Double]
        /// The quantity rank of each member.
        let rank: [Int32: Int32]
        private let costRank: [Int32]
        private let top: [(Int32, Int32)]
        private let bottom: [(Int32, Int32)]
        /// Per cost prefix, its smallest and largest quantity.
        private let prefixRange: [(low: Double, high: Double)]
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
            (guide, guideLow, guideScale) = Self.makeGuide(sortedQuantity)
            sortedCost = byCost.map { costs[Int($0)] }
            var rank: [Int32: Int32] = [:]
            rank.reserveCapacity(members.count)
            for (position, j) in byQuantity.enumerated() { rank[j] = Int32(position) }
            self.rank = rank
            costRank = byCost.map { rank[$0]! }
            var top = [(Int32, Int32)](repeating: (-1, -1), count: members.count)
            var bottom = top
            var prefixRange = [(low: Double, high: Double)](repeating: (0, 0), count: members.count)
            var lowest = Double.infinity, highest = -Double.infinity
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
                lowest = min(lowest, quantity(j))
                highest = max(highest, quantity(j))
                prefixRange[position] = (lowest, highest)
            }
            self.top = top
            self.bottom = bottom
            self.prefixRange = prefixRange
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

        /// Members per guide bucket, on average.
        static let guideLoad = 4

        /// The guide of ascending `quantities`: equal-width buckets over their range (none
        /// when the range is empty or not finite, or the list is short).
        static func makeGuide(_ quantities: [Double]) -> (guide: [Int32], low: Double, scale: Double) {
            guard let low = quantities.first, let high = quantities.last, quantities.count >= 2 * guideLoad,
                high > low, (high - low).isFinite
            else { return ([], 0, 0) }
            let buckets = quantities.count / guideLoad
            let scale = Double(buckets) / (high - low)
            var guide = [Int32](repeating: Int32(quantities.count), count: buckets + 1)
            var rank = 0
            for bucket in 0...buckets {
                // The first rank at or above the bucket's lower edge, as `bucket(of:)` maps it.
                while rank < quantities.count && Self.bucket(of: quantities[rank], low: low, scale: scale, buckets: buckets) < bucket {
                    rank += 1
                }
                guide[bucket] = Int32(rank)
            }
            return (guide, low, scale)
        }

        /// The guide bucket of quantity `q` (clamped to the buckets; NaN to the first).
        @inline(__always)
        static func bucket(of q: Double, low: Double, scale: Double, buckets: Int) -> Int {
            let position = (q - low) * scale
            if !(position >= 0) { return 0 }
            if position >= Double(buckets - 1) { return buckets - 1 }
            return Int(position)
        }

        /// ``firstRank(where:)`` started from the guide bucket of `estimate`, a quantity near
        /// where `holds` turns true (for `fl(v q) - u > c`, `(u + c) / v`): a search within
        /// the bucket, then a check of the ranks either side of it, which falls back to the
        /// whole search when the estimate was off. The same rank whatever the estimate, as
        /// `holds` is monotone; with a good one, a few quantities read instead of a search
        /// over all of them (log2 of a good's bundles grows with the agents).
        @inline(__always)
        func firstRank(near estimate: Double, where holds: (Double) -> Bool) -> Int {
            let buckets = guide.count - 1
            if buckets <= 0 { return firstRank(where: holds) }
            let bucket = Self.bucket(of: estimate, low: guideLow, scale: guideScale, buckets: buckets)
            let low = Int(guide[bucket]), high = Int(guide[bucket + 1])
            return sortedQuantity.withUnsafeBufferPointer { quantities in
                // The answer is in `low...high` when rank low - 1 does not hold and rank high does
                // (or is the end).
                if low > 0 && holds(quantities[low - 1]) { return firstRank(where: holds) }
                if high < quantities.count && !holds(quantities[high]) { return firstRank(where: holds) }
                var first = low, last = high
                while first < last {
                    let middle = (first + last) >> 1
                    if holds(quantities[middle]) { last = middle } else { first = middle + 1 }
                }
                return first
            }
        }

        /// The smallest and largest quantity admitted so far (at least one member admitted):
        /// a test monotone in the quantity that gives the same answer at both gives it for
        /// every admitted member, with no search and no tree query.
        var admittedRange: (low: Double, high: Double) { prefixRange[affordable - 1] }

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
