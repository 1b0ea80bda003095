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
        /// The members in ascending order (each member's rank is found by a search here).
        private let members: [Int32]
        /// The quantity rank of `members[k]`.
        private let memberRank: [Int32]
        private let costRank: [Int32]
        private let top: [(Int32, Int32)]
        private let bottom: [(Int32, Int32)]
        /// Per cost prefix, its smallest and largest quantity.
        private let prefixRange: [(low: Double, high: Double)]
        private var tree: [Int32]
        /// How many members (a prefix of `byCost`) have been admitted.
        private(set) var affordable = 0

        /// The lists of `members` (distinct, in any order) with their costs and quantities.
        ///
        /// Each member's cost and quantity is read once, into arrays of this list's own (a
        /// gather in ascending member order); the sorts and the prefix extremes then read only
        /// those. Sorting the members with a comparison that read `costs` and the quantities
        /// where the members point made every comparison two reads at random places of arrays
        /// the size of the population: at ten million agents, 80 MB each, out of every cache.
        init(_ members: [Int32], costs: [Double], quantity: (Int32) -> Double) {
            let members = members.isSorted() ? members : members.sorted()
            let count = members.count
            let memberCost = members.map { costs[Int($0)] }
            let memberQuantity = members.map(quantity)
            // Local indices by (cost, member) and by (quantity, member): members ascend, so a
            // tie of values is broken by the local index exactly as by the member.
            let byCostLocal = Self.order(memberCost)
            let byQuantityLocal = Self.order(memberQuantity)
            self.members = members
            byCost = byCostLocal.map { members[Int($0)] }
            byQuantity = byQuantityLocal.map { members[Int($0)] }
            let sortedQuantity = byQuantityLocal.map { memberQuantity[Int($0)] }
            self.sortedQuantity = sortedQuantity
            coarseQuantity = stride(from: 0, to: sortedQuantity.count, by: Self.coarseStride).map { sortedQuantity[$0] }
            (guide, guideLow, guideScale) = Self.makeGuide(sortedQuantity)
            sortedCost = byCostLocal.map { memberCost[Int($0)] }
            var memberRank = [Int32](repeating: 0, count: count)
            for (position, k) in byQuantityLocal.enumerated() { memberRank[Int(k)] = Int32(position) }
            self.memberRank = memberRank
            costRank = byCostLocal.map { memberRank[Int($0)] }
            // The two largest and two smallest quantities of every cost prefix (members, with
            // their quantities kept beside them).
            var top = [(Int32, Int32)](repeating: (-1, -1), count: count)
            var bottom = top
            var prefixRange = [(low: Double, high: Double)](repeating: (0, 0), count: count)
            var first: Int32 = -1, second: Int32 = -1, firstQ = 0.0, secondQ = 0.0
            var low: Int32 = -1, nextLow: Int32 = -1, lowQ = 0.0, nextLowQ = 0.0
            var lowest = Double.infinity, highest = -Double.infinity
            for (position, k) in byCostLocal.enumerated() {
                let j = members[Int(k)], q = memberQuantity[Int(k)]
                if first < 0 || q > firstQ {
                    (first, second, firstQ, secondQ) = (j, first, q, firstQ)
                } else if second < 0 || q > secondQ {
                    (second, secondQ) = (j, q)
                }
                top[position] = (first, second)
                if low < 0 || q < lowQ {
                    (low, nextLow, lowQ, nextLowQ) = (j, low, q, lowQ)
                } else if nextLow < 0 || q < nextLowQ {
                    (nextLow, nextLowQ) = (j, q)
                }
                bottom[position] = (low, nextLow)
                lowest = min(lowest, q)
                highest = max(highest, q)
                prefixRange[position] = (lowest, highest)
            }
            self.top = top
            self.bottom = bottom
            self.prefixRange = prefixRange
            tree = [Int32](repeating: 0, count: count + 1)
        }

        /// The local indices `0..<values.count` by ascending value, ties by index (a sort of
        /// (value, index) pairs held together, read in sequence).
        private static func order(_ values: [Double]) -> [Int32] {
            var pairs = values.enumerated().map { ValueIndex(value: $0.element, index: Int32($0.offset)) }
            pairs.sort()
            return pairs.map(\.index)
        }

        /// The quantity rank of `member`, or nil when it is not one of the members.
        func rank(of member: Int32) -> Int32? {
            var low = 0, high = members.count
            while low < high {
                let middle = (low + high) / 2
                if members[middle] < member { low = middle + 1 } else { high = middle }
            }
            return low < members.count && members[low] == member ? memberRank[low] : nil
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

        /// ``firstRank(near:where:)`` for a `holds` whose first rank is known to be at most
        /// `bound` (it holds at rank `bound`, or `bound` is the end): `bound` itself, with one
        /// test and no search, when `holds` is false at rank `bound - 1`.
        @inline(__always)
        func firstRank(near estimate: Double, atMost bound: Int, where holds: (Double) -> Bool) -> Int {
            if bound == 0 || !holds(sortedQuantity[bound - 1]) { return bound }
            return firstRank(near: estimate, where: holds)
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

extension AuctionKernels.OneGoodLists {
    /// A value and its local index, ordered by value, then index.
    fileprivate struct ValueIndex: Comparable {
        var value: Double
        var index: Int32

        static func < (lhs: Self, rhs: Self) -> Bool { (lhs.value, lhs.index) < (rhs.value, rhs.index) }
    }
}

extension Array where Element == Int32 {
    /// Whether the elements ascend strictly.
    fileprivate func isSorted() -> Bool { zip(self, dropFirst()).allSatisfy { $0 < $1 } }
}
