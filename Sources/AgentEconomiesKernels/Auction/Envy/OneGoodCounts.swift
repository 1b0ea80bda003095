extension AuctionKernels {
    /// The sorted envy path's count against the one-good bundles of one good: agents are
    /// visited by ascending limit (`B_i + tolerance`), each admitting the bundles it can afford
    /// into the ``OneGoodLists`` Fenwick tree; the exact test `fl(V_ir q_j) - u_i > tolerance`
    /// is monotone in `q_j`, so an agent's count is a binary search and a tree query.
    struct OneGoodCount {
        let good: Int
        var lists: OneGoodLists
        private let offsets: [Int]
        private let quantities: [Double]
        private let costs: [Double]
        /// The largest gap over the pairs visited so far (own bundle left out).
        private(set) var best = -Double.infinity

        init(good: Int, members: [Int32], input: EnvyCheckInput) {
            self.good = good
            offsets = input.bundles.rowOffsets
            quantities = input.bundles.values
            costs = input.bundleCosts
            let offsets = offsets, quantities = quantities
            lists = OneGoodLists(members, costs: costs) { quantities[offsets[Int($0)]] }
        }

        /// The visited agent's violations against these bundles (agents must come in ascending
        /// order of limit).
        mutating func visit(_ agent: VisitedAgent, exact: EnvyCheckInput.ExactGap, input: EnvyCheckInput) -> Int {
            let limit = agent.limit, own = agent.own, i32 = agent.agent
            lists.admit(upTo: limit)
            let affordable = lists.affordable
            if affordable == 0 { return 0 }
            let i = Int(i32), tolerance = input.tolerance
            let value = exact.values[i * exact.resources + good]
            @inline(__always) func violates(_ q: Double) -> Bool { value * q - own > tolerance }
            var found: Int
            let range = lists.admittedRange
            let atLowest = violates(range.low)
            if atLowest == violates(range.high) {
                // The test is monotone in the quantity: every admitted bundle answers alike (most
                // visits: an agent envies all or none of a good's affordable bundles).
                found = atLowest ? affordable : 0
            } else if value > 0 {
                // From the first violating quantity rank on, every rank violates.
                found = affordable - lists.admitted(below: lists.firstRank(near: (own + tolerance) / value, where: violates))
            } else if value < 0 {
                // Below the first rank that does not violate, every rank violates.
                found = lists.admitted(below: lists.firstRank(near: (own + tolerance) / value) { !violates($0) })
            } else {
                found = violates(lists.sortedQuantity[0]) ? affordable : 0
            }
            if agent.singleGood == Int32(good) && agent.ownCost <= limit && violates(quantities[offsets[i]]) {
                found -= 1
            }
            // The largest gap: the best quantity of the affordable prefix that is not i's own.
            if let other = lists.extreme(largest: value >= 0, excluding: i32) {
                best = max(best, value * quantities[offsets[Int(other)]] - own)
            }
            return found
        }
    }

    /// The count against bundles of several goods whose entries other than the dominant one
    /// (of `good`) are rounding residue. Each agent's gap to such a bundle is its one-good
    /// proxy `fl(V q_dominant) - u` within `delta = 2 max|V_i| residue + 8u(|V_i|max q_max +
    /// |u_i| + tolerance)`, so bundles whose proxy clears the threshold by more than delta are
    /// counted by the Fenwick query and the few inside the band are decided exactly.
    struct NearOneGoodCount {
        let good: Int
        var lists: OneGoodLists
        private let dominant: [Int]
        private let costs: [Double]
        private let quantities: [Double]
        private let largestResidue: Double
        private let largestQuantity: Double
        private let entries: Int
        private let count: Int
        /// The largest gap over the pairs visited so far (the best proxy's exact gap, own
        /// bundle left out).
        private(set) var best = -Double.infinity

        init(good: Int, members: [Int32], dominant: [Int], residue: [Double], input: EnvyCheckInput) {
            self.good = good
            self.dominant = dominant
            costs = input.bundleCosts
            count = members.count
            let quantities = input.bundles.values
            self.quantities = quantities
            func quantity(_ j: Int32) -> Double { quantities[dominant[Int(j)]] }
            lists = OneGoodLists(members, costs: costs, quantity: quantity)
            var largestResidue = 0.0, largestQuantity = 0.0, entries = 0
            let offsets = input.bundles.rowOffsets
            for j in members {
                largestResidue = max(largestResidue, residue[Int(j)])
                largestQuantity = max(largestQuantity, abs(quantity(j)))
                entries = max(entries, offsets[Int(j) + 1] - offsets[Int(j)])
            }
            self.largestResidue = largestResidue
            self.largestQuantity = largestQuantity
            self.entries = entries
        }

        /// The visited agent's violations against these bundles (agents must come in ascending
        /// order of limit).
        mutating func visit(_ agent: VisitedAgent, exact: EnvyCheckInput.ExactGap, input: EnvyCheckInput) -> Int {
            let limit = agent.limit, own = agent.own, largestValue = agent.largestValue, i32 = agent.agent
            lists.admit(upTo: limit)
            let affordable = lists.affordable
            if affordable == 0 { return 0 }
            let i = Int(i32), tolerance = input.tolerance, u = Double.ulpOfOne
            let value = exact.values[i * exact.resources + good]
            let delta =
                2 * largestValue * largestResidue
                + Double(entries + 4) * u * (largestValue * largestQuantity + abs(own) + tolerance)
            func proxy(_ q: Double) -> Double { value * q - own }
            // Every admitted bundle surely violating, or surely not (most visits): decided from
            // the proxies of the admitted extremes (the proxy is monotone in the quantity).
            if value != 0 {
                let range = lists.admittedRange
                let (atLowest, atHighest) = (proxy(range.low), proxy(range.high))
                if min(atLowest, atHighest) > tolerance + delta {
                    // Every admitted bundle, i's own one (admitted when it can afford it) taken back.
                    let ownAdmitted = agent.nearGood == Int32(good) && agent.ownCost <= limit
                    updateBest(agent: i32, own: own, value: value, delta: delta, exact: exact, proxy: proxy)
                    return affordable - (ownAdmitted ? 1 : 0)
                }
                if max(atLowest, atHighest) < tolerance - delta {
                    updateBest(agent: i32, own: own, value: value, delta: delta, exact: exact, proxy: proxy)
                    return 0
                }
            }
            // Ranks outside `band` are decided by the proxy: surely violating on one side,
            // surely not on the other. The sure-not side's test implies the other's, so the band's
            // lower end is at most its upper end, and (the band being empty in nearly every visit)
            // is found by one test next to it rather than a second search.
            var found = 0
            var band: Range<Int>
            if value > 0 {
                let high = lists.firstRank(near: (own + tolerance + delta) / value) { proxy($0) > tolerance + delta }
                let low = lists.firstRank(near: (own + tolerance - delta) / value, atMost: high) {
                    proxy($0) >= tolerance - delta
                }
                found = affordable - lists.admitted(below: high)
                band = low..<high
            } else if value < 0 {
                // Below `low`: surely violating; from `high` on: surely not.
                let high = lists.firstRank(near: (own + tolerance - delta) / value) { proxy($0) < tolerance - delta }
                let low = lists.firstRank(near: (own + tolerance + delta) / value, atMost: high) {
                    proxy($0) <= tolerance + delta
                }
                found = lists.admitted(below: low)
                band = low..<high
            } else {
                band = 0..<count
            }
            // Self: i's own bundle counted in the sure part is taken back (decided below if in the band).
            if agent.nearGood == Int32(good), agent.ownCost <= limit,
                let ownRank = lists.rank(of: i32).map(Int.init)
            {
                let sure = value > 0 ? ownRank >= band.upperBound : value < 0 ? ownRank < band.lowerBound : false
                if sure { found -= 1 }
            }
            for position in band {
                let j = lists.byQuantity[position]
                if j == i32 || !(costs[Int(j)] <= limit) { continue }
                if exact.gap(i, Int(j), own: own) > tolerance { found += 1 }
            }
            updateBest(agent: i32, own: own, value: value, delta: delta, exact: exact, proxy: proxy)
            return found
        }

        /// The largest gap: the affordable bundle with the best proxy, its gap summed exactly
        /// unless the proxy's bound (the gap lies within `delta` of it) cannot beat `best`.
        @inline(__always)
        private mutating func updateBest(
            agent: Int32, own: Double, value: Double, delta: Double, exact: EnvyCheckInput.ExactGap,
            proxy: (Double) -> Double
        ) {
            if let other = lists.extreme(largest: value >= 0, excluding: agent),
                proxy(quantities[dominant[Int(other)]]) + delta > best
            {
                best = max(best, exact.gap(Int(agent), Int(other), own: own))
            }
        }
    }
}

extension AuctionKernels {
    /// An envious agent as the one-good counts visit it, gathered once in visiting order so
    /// that a block of goods reads the agents one after the other instead of five arrays at
    /// random places (at ten million agents each such read leaves every cache).
    struct VisitedAgent {
        var agent: Int32
        /// The good of the agent's one-good bundle, or -1.
        var singleGood: Int32
        /// The dominant good of the agent's residue bundle, or -1.
        var nearGood: Int32
        /// `B_i + tolerance`.
        var limit: Double
        /// The agent's utility of its own bundle.
        var own: Double
        /// `max_r |V_ir|`.
        var largestValue: Double
        /// The cost of the agent's own bundle.
        var ownCost: Double
    }
}
