extension AuctionKernels {
    /// The envy check for populations where bundles are mostly one good
    /// (``EnvyPath/sorted``): exact, in O(R x N log N) instead of O(N^2).
    ///
    /// For a one-good bundle j (good r, quantity q_j) agent i's gap is `fl(V_ir q_j) - u_i`,
    /// the reference's sum over j's bundle. Rounding is monotone, so for fixed i and r the
    /// test `gap > tolerance` is monotone in q_j: non-decreasing when `V_ir > 0`,
    /// non-increasing when `V_ir < 0`, constant when `V_ir = 0`. Per good, the one-good
    /// bundles are sorted by cost (the affordable ones, `cost_j <= B_i + tolerance`, are a
    /// prefix) and by quantity (the ones passing the test are a suffix or a prefix, found by
    /// binary search evaluating the exact test). Agents are visited by ascending
    /// `B_i + tolerance`, inserting each newly affordable bundle's quantity rank into a
    /// Fenwick tree, so each agent's count is one tree query. Every decision is the exact
    /// floating-point test, so the counts are the pairwise path's, bit for bit. Empty bundles
    /// (gap `0 - u_i`) are counted by cost alone; bundles of several goods are decided pair
    /// by pair (``ExactGap``), heaviest first, until a rounding-safe bound shows that no
    /// lighter one can be a violation or beat the largest gap found. The largest gap is exact
    /// too (the best quantity of each affordable prefix, the agent's own bundle left out).
    ///
    /// - Precondition: every number of `input` is finite (callers fall back otherwise).
    /// - Complexity: O(R N log N) time plus, per agent, the multi-good bundles heavier than its
    ///   bound (all of them in the worst case); O(N) memory per worker.
    static func sortedEnvyCheck(_ input: EnvyCheckInput, threads: Int?) -> EnvyReport {
        let agents = input.valuations.rows, resources = input.valuations.columns
        let tolerance = input.tolerance
        let offsets = input.bundles.rowOffsets, columns = input.bundles.columns, quantities = input.bundles.values
        var single = [[Int32]](repeating: [], count: resources)
        var empty: [Int32] = []
        var multi: [Int32] = []
        // Bundles of several goods whose other entries are rounding residue (the reference's
        // demand walk leaves `budget - (budget / price) * price` of order 1e-14 to spend on the
        // next good): counted with their dominant good, verified exactly near the threshold.
        var nearSingle = [[Int32]](repeating: [], count: resources)
        var dominant = [Int](repeating: -1, count: agents)
        var residue = [Double](repeating: 0, count: agents)
        var goodOf = [Int32](repeating: -1, count: agents)
        for j in 0..<agents {
            switch offsets[j + 1] - offsets[j] {
            case 0: empty.append(Int32(j))
            case 1:
                single[Int(columns[offsets[j]])].append(Int32(j))
                goodOf[j] = columns[offsets[j]]
            default:
                var top = offsets[j], mass = 0.0
                for entry in offsets[j]..<offsets[j + 1] {
                    mass += abs(quantities[entry])
                    if abs(quantities[entry]) > abs(quantities[top]) { top = entry }
                }
                let rest = mass - abs(quantities[top])
                if rest <= 1e-9 * abs(quantities[top]) {
                    nearSingle[Int(columns[top])].append(Int32(j))
                    dominant[j] = top
                    residue[j] = rest
                } else {
                    multi.append(Int32(j))
                }
            }
        }
        let limits = (0..<agents).map { input.budgets[$0] + tolerance }
        let order = (0..<agents).map(Int32.init).sorted { (limits[Int($0)], $0) < (limits[Int($1)], $1) }
        let workers = max(1, threads ?? Parallel.defaultThreadCount)
        let costs = input.bundleCosts, utilities = input.utilities

        // Per-worker counts and largest gaps; integer sums and maxima do not depend on the split.
        let countStorage = UnsafeMutablePointer<Int32>.allocate(capacity: workers * agents)
        countStorage.initialize(repeating: 0, count: workers * agents)
        defer { countStorage.deallocate() }
        let counts = SharedMutablePointer(countStorage)
        // Phase 1: one chunk per good, one for the empty bundles, one per good for the bundles
        // holding rounding residue of other goods.
        let firstLargest =
            input.withExactGap { exact in
                Parallel.map(chunks: 2 * resources + 1, threads: workers) { chunk, worker -> Double in
                    let mine = counts.base + worker * agents
                    if chunk < resources {
                        return countOneGood(
                            chunk, members: single[chunk], input: input, exact: exact, order: order, limits: limits,
                            goodOf: goodOf, into: mine)
                    }
                    if chunk > resources {
                        let good = chunk - resources - 1
                        return countNearOneGood(
                            good, members: nearSingle[good], dominant: dominant, residue: residue, input: input,
                            exact: exact, order: order, limits: limits, into: mine)
                    }
                    // Empty bundles: worth 0 to everyone; affordable by cost alone.
                    let sortedCosts = empty.map { costs[Int($0)] }.sorted()
                    var best = -Double.infinity
                    for i in 0..<agents {
                        var affordable = upperBound(sortedCosts, limits[i])
                        if goodOf[i] < 0 && offsets[i + 1] == offsets[i] && costs[i] <= limits[i] { affordable -= 1 }
                        if affordable == 0 { continue }
                        let gap = 0.0 - utilities[i]
                        best = max(best, gap)
                        if gap > tolerance { mine[i] += Int32(affordable) }
                    }
                    return best
                }
            }.max() ?? -.infinity
        // Phase 2, bundles of several goods, pair by pair in chunks of agents, by descending
        // mass: `|V_i|_max |q_j|_1` bounds agent i's value of bundle j (with its rounding), so
        // once that bound minus u_i is at most both the tolerance and the largest gap found so
        // far, no later (lighter) bundle can be a violation or a new largest gap.
        let masses = multi.map { j in (offsets[Int(j)]..<offsets[Int(j) + 1]).reduce(0.0) { $0 + abs(quantities[$1]) } }
        let byMass = multi.indices.sorted { (masses[$0], multi[$1]) > (masses[$1], multi[$0]) }
        let multiSorted = byMass.map { multi[$0] }, massSorted = byMass.map { masses[$0] }
        let growth = 1 + Double(2 * resources + 8) * (Double.ulpOfOne / 2)
        let chunkSize = 4_096
        let secondLargest: Double
        if multi.isEmpty {
            secondLargest = -.infinity
        } else {
            secondLargest =
                input.withExactGap { exact in
                    Parallel.map(chunks: Parallel.chunkCount(agents, chunkSize: chunkSize), threads: workers) {
                        chunk, worker -> Double in
                        let mine = counts.base + worker * agents
                        var best = firstLargest
                        for i in Parallel.range(ofChunk: chunk, chunkSize: chunkSize, count: agents) {
                            let own = utilities[i], limit = limits[i]
                            var largestValue = 0.0
                            for value in UnsafeBufferPointer(start: exact.values + i * resources, count: resources) {
                                largestValue = max(largestValue, abs(value))
                            }
                            for (position, j32) in multiSorted.enumerated() {
                                let bound = largestValue * massSorted[position] * growth - own + abs(own) * Double.ulpOfOne
                                if bound <= min(best, tolerance) { break }
                                let j = Int(j32)
                                if j == i || !(costs[j] <= limit) { continue }
                                let gap = exact.gap(i, j, own: own)
                                best = max(best, gap)
                                if gap > tolerance { mine[i] += 1 }
                            }
                        }
                        return best
                    }
                }.max() ?? -.infinity
        }
        let largest = max(firstLargest, secondLargest)
        var violationOffsets = [Int](repeating: 0, count: agents + 1)
        for i in 0..<agents {
            var total = 0
            for worker in 0..<workers { total += Int(counts[worker * agents + i]) }
            violationOffsets[i + 1] = violationOffsets[i] + total
        }
        return EnvyReport(input: input, offsets: violationOffsets, largestGap: largest)
    }

    /// Adds the violations against bundles of several goods whose entries other than the
    /// dominant one (of `good`) are rounding residue. Each agent's gap to such a bundle is its
    /// one-good proxy `fl(V q_dominant) - u` within `delta = 2 max|V_i| residue + 8u(|V_i|max
    /// q_max + |u_i| + tolerance)`, so bundles whose proxy clears the threshold by more than
    /// delta are counted by the Fenwick query and the few inside the band are decided exactly.
    /// Returns the largest gap over these pairs (the best proxy's exact gap, own bundle left out).
    private static func countNearOneGood(
        _ good: Int, members: [Int32], dominant: [Int], residue: [Double], input: EnvyCheckInput,
        exact: EnvyCheckInput.ExactGap, order: [Int32], limits: [Double], into counts: UnsafeMutablePointer<Int32>
    ) -> Double {
        let count = members.count
        if count == 0 { return -.infinity }
        let resources = input.valuations.columns, tolerance = input.tolerance
        let quantities = input.bundles.values
        let costs = input.bundleCosts, utilities = input.utilities
        func quantity(_ j: Int32) -> Double { quantities[dominant[Int(j)]] }
        var lists = OneGoodLists(members, costs: costs, quantity: quantity)
        var largestResidue = 0.0, largestQuantity = 0.0, entries = 0
        let offsets = input.bundles.rowOffsets
        for j in members {
            largestResidue = max(largestResidue, residue[Int(j)])
            largestQuantity = max(largestQuantity, abs(quantity(j)))
            entries = max(entries, offsets[Int(j) + 1] - offsets[Int(j)])
        }
        var best = -Double.infinity
        let u = Double.ulpOfOne
        for i32 in order {
            let i = Int(i32)
            let limit = limits[i]
            lists.admit(upTo: limit, costs: costs)
            let affordable = lists.affordable
            if affordable == 0 { continue }
            let row = exact.values + i * resources
            var largestValue = 0.0
            for resource in 0..<resources { largestValue = max(largestValue, abs(row[resource])) }
            let value = row[good], own = utilities[i]
            let delta =
                2 * largestValue * largestResidue
                + Double(entries + 4) * u * (largestValue * largestQuantity + abs(own) + tolerance)
            func proxy(_ q: Double) -> Double { value * q - own }
            // Ranks outside `band` are decided by the proxy: surely violating on one side,
            // surely not on the other.
            var found = 0
            var band: Range<Int>
            if value > 0 {
                let high = lists.firstRank { proxy($0) > tolerance + delta }
                let low = lists.firstRank { proxy($0) >= tolerance - delta }
                found = affordable - lists.admitted(below: high)
                band = low..<high
            } else if value < 0 {
                let low = lists.firstRank { proxy($0) <= tolerance + delta }  // below: surely violating
                let high = lists.firstRank { proxy($0) < tolerance - delta }  // from here on: surely not
                found = lists.admitted(below: low)
                band = low..<high
            } else {
                band = 0..<count
            }
            // Self: i's own bundle counted in the sure part is taken back (decided below if in the band).
            if costs[i] <= limit, let ownRank = lists.rank[i32].map(Int.init) {
                let sure = value > 0 ? ownRank >= band.upperBound : value < 0 ? ownRank < band.lowerBound : false
                if sure { found -= 1 }
            }
            for position in band {
                let j = lists.byQuantity[position]
                if j == i32 || !(costs[Int(j)] <= limit) { continue }
                if exact.gap(i, Int(j), own: own) > tolerance { found += 1 }
            }
            counts[i] += Int32(found)
            // The largest gap: the affordable bundle with the best proxy, its gap summed exactly.
            if let other = lists.extreme(largest: value >= 0, excluding: i32) {
                best = max(best, exact.gap(i, Int(other), own: own))
            }
        }
        return best
    }

    /// The number of sorted values `<= limit`.
    private static func upperBound(_ sorted: [Double], _ limit: Double) -> Int {
        var low = 0, high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if sorted[middle] <= limit { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// Adds, for every agent, the violations against the one-good bundles of `good`
    /// (`members`), and returns the largest gap over those pairs.
    private static func countOneGood(
        _ good: Int, members: [Int32], input: EnvyCheckInput, exact: EnvyCheckInput.ExactGap, order: [Int32],
        limits: [Double], goodOf: [Int32], into counts: UnsafeMutablePointer<Int32>
    ) -> Double {
        let count = members.count
        if count == 0 { return -.infinity }
        let resources = input.valuations.columns, tolerance = input.tolerance
        let offsets = input.bundles.rowOffsets, quantities = input.bundles.values
        let costs = input.bundleCosts, utilities = input.utilities
        func quantity(_ j: Int32) -> Double { quantities[offsets[Int(j)]] }
        var lists = OneGoodLists(members, costs: costs, quantity: quantity)
        var best = -Double.infinity
        for i32 in order {
            let i = Int(i32)
            let limit = limits[i]
            lists.admit(upTo: limit, costs: costs)
            let affordable = lists.affordable
            if affordable == 0 { continue }
            let value = exact.values[i * resources + good], own = utilities[i]
            @inline(__always) func violates(_ q: Double) -> Bool { value * q - own > tolerance }
            var found: Int
            if value > 0 {
                // From the first violating quantity rank on, every rank violates.
                found = affordable - lists.admitted(below: lists.firstRank(where: violates))
            } else if value < 0 {
                // Below the first rank that does not violate, every rank violates.
                found = lists.admitted(below: lists.firstRank { !violates($0) })
            } else {
                found = violates(lists.sortedQuantity[0]) ? affordable : 0
            }
            if goodOf[i] == Int32(good) && costs[i] <= limit && violates(quantities[offsets[i]]) { found -= 1 }
            counts[i] += Int32(found)
            // The largest gap: the best quantity of the affordable prefix that is not i's own.
            if let other = lists.extreme(largest: value >= 0, excluding: i32) {
                best = max(best, value * quantity(other) - own)
            }
        }
        return best
    }
}
