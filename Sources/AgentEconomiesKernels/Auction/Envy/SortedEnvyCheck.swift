import AgentEconomiesSIMD

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
    /// Fenwick tree, so each agent's count is one tree query, or none when the test gives the
    /// same answer at the smallest and the largest affordable quantity. Every decision is the exact
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
        let counts = sortedEnvyCounts(input, envious: 0..<input.valuations.rows, threads: threads)
        return EnvyReport(input: input, counts: counts.counts, largestGap: counts.largestGap)
    }

    /// ``sortedEnvyCheck(_:threads:)`` for the envious agents `envious` only (against every
    /// bundle): their violation counts and largest gap. The per-good lists are built over every
    /// bundle; only the visits (the bulk of the work) are restricted.
    static func sortedEnvyCounts(_ input: EnvyCheckInput, envious: Range<Int>, threads: Int?) -> EnvyCounts {
        let agents = input.valuations.rows, resources = input.valuations.columns
        let tolerance = input.tolerance
        let offsets = input.bundles.rowOffsets, columns = input.bundles.columns, quantities = input.bundles.values
        // Every bundle classified over the workers (a pure function of its entries, so each
        // pass below classifies again rather than keep a record per agent): empty, one good,
        // several goods whose other entries are rounding residue (the reference's demand walk
        // leaves `budget - (budget / price) * price` of order 1e-14 to spend on the next good;
        // counted with their dominant good, verified exactly near the threshold), or several.
        @inline(__always) func classify(_ j: Int) -> (kind: BundleKind, top: Int, residue: Double) {
            switch offsets[j + 1] - offsets[j] {
            case 0: return (.empty, -1, 0)
            case 1: return (.single, offsets[j], 0)
            default:
                var top = offsets[j], mass = 0.0
                for entry in offsets[j]..<offsets[j + 1] {
                    mass += abs(quantities[entry])
                    if abs(quantities[entry]) > abs(quantities[top]) { top = entry }
                }
                let rest = mass - abs(quantities[top])
                return rest <= 1e-9 * abs(quantities[top]) ? (.nearSingle, top, rest) : (.multi, -1, 0)
            }
        }
        let classChunk = 1 << 14
        let dominant: [Int] = Parallel.makeArray(count: agents, chunkSize: classChunk, threads: threads) { range, output in
            for (slot, j) in range.enumerated() {
                let (kind, top, _) = classify(j)
                output[slot] = kind == .nearSingle ? top : -1
            }
        }
        let residue: [Double] = Parallel.makeArray(count: agents, chunkSize: classChunk, threads: threads) { range, output in
            for (slot, j) in range.enumerated() {
                let (kind, _, rest) = classify(j)
                output[slot] = kind == .nearSingle ? rest : 0
            }
        }
        let goodOf: [Int32] = Parallel.makeArray(count: agents, chunkSize: classChunk, threads: threads) { range, output in
            for (slot, j) in range.enumerated() { output[slot] = offsets[j + 1] - offsets[j] == 1 ? columns[offsets[j]] : -1 }
        }
        // The bundles by class and good, each list in agent order (lists 0..<R: one good;
        // R..<2R: residue bundles by dominant good; 2R: empty; 2R + 1: several goods).
        let lists = Parallel.grouped(keyCount: 2 * resources + 2, sources: agents, threads: threads) { range, emit in
            for j in range {
                let (kind, top, _) = classify(j)
                switch kind {
                case .empty: emit(2 * resources, Int32(j))
                case .single: emit(Int(columns[top]), Int32(j))
                case .nearSingle: emit(resources + Int(columns[top]), Int32(j))
                case .multi: emit(2 * resources + 1, Int32(j))
                }
            }
        }
        func list(_ key: Int) -> [Int32] { Array(lists.values[lists.offsets[key]..<lists.offsets[key + 1]]) }
        let single = (0..<resources).map { list($0) }, nearSingle = (0..<resources).map { list(resources + $0) }
        let empty = list(2 * resources), multi = list(2 * resources + 1)
        let limits: [Double] = Parallel.makeArray(count: agents, chunkSize: 1 << 14, threads: threads) { range, output in
            for (slot, i) in range.enumerated() { output[slot] = input.budgets[i] + tolerance }
        }
        // max_r |V_ir| per agent: the scale of every rounding bound below.
        // Only the envious agents' entries are needed (and computed, when the check is split).
        var largestValues = [Double](repeating: 0, count: agents)
        input.withExactGap { exact in
            let values = UncheckedSendable(exact.values)
            Parallel.fill(&largestValues, chunkSize: 4_096, threads: threads) { range, output in
                for (slot, i) in range.enumerated() where envious.contains(i) {
                    output[slot] = UnsafeBufferPointer(start: values.value + i * resources, count: resources).reduce(0.0) {
                        max($0, abs($1))
                    }
                }
            }
        }
        let keys: [LimitKey] = Parallel.makeArray(count: envious.count, chunkSize: 1 << 16, threads: threads) { slots, output in
            for (slot, position) in slots.enumerated() {
                let i = envious.lowerBound + position
                output[slot] = LimitKey(limit: limits[i], agent: Int32(i))
            }
        }
        let order = Parallel.sorted(keys, threads: threads).map(\.agent)
        let workers = max(1, threads ?? Parallel.defaultThreadCount)
        let costs = input.bundleCosts, utilities = input.utilities
        let visited: [VisitedAgent] = Parallel.makeArray(count: order.count, chunkSize: 4_096, threads: workers) {
            positions, output in
            for (slot, position) in positions.enumerated() {
                let i = Int(order[position])
                output[slot] = VisitedAgent(
                    agent: order[position], singleGood: goodOf[i],
                    nearGood: dominant[i] >= 0 ? columns[dominant[i]] : -1, limit: limits[i], own: utilities[i],
                    largestValue: largestValues[i], ownCost: costs[i])
            }
        }

        // Per-worker counts and largest gaps; integer sums and maxima do not depend on the split.
        let countStorage = UnsafeMutablePointer<Int32>.allocate(capacity: workers * agents)
        Self.zero(countStorage, count: workers * agents, threads: workers)
        defer { countStorage.deallocate() }
        let counts = SharedMutablePointer(countStorage)
        // Phase 1's counts, per worker and visiting position.
        let phaseOneStorage = UnsafeMutablePointer<Int32>.allocate(capacity: max(1, workers * visited.count))
        Self.zero(phaseOneStorage, count: max(1, workers * visited.count), threads: workers)
        defer { phaseOneStorage.deallocate() }
        let phaseOne = SharedMutablePointer(phaseOneStorage)
        // Phase 1: the one-good and residue bundles in blocks of `goodsPerBlock` goods, each
        // block visiting the agents by ascending limit, and one chunk for the empty bundles.
        let blockSize = Self.goodsPerBlock
        let blocks = (resources + blockSize - 1) / blockSize
        let firstLargest =
            input.withExactGap { exact in
                Parallel.map(chunks: blocks + 1, threads: workers) { chunk, worker -> Double in
                    let mine = counts.base + worker * agents
                    if chunk < blocks {
                        let goods = (chunk * blockSize)..<min(resources, (chunk + 1) * blockSize)
                        var ones = goods.filter { !single[$0].isEmpty }.map { good in
                            OneGoodCount(good: good, members: single[good], input: input)
                        }
                        var nears = goods.filter { !nearSingle[$0].isEmpty }.map { good in
                            NearOneGoodCount(
                                good: good, members: nearSingle[good], dominant: dominant, residue: residue, input: input)
                        }
                        if ones.isEmpty && nears.isEmpty { return -.infinity }
                        // Counts by visiting position (written in order), added to the agents below.
                        let byPosition = phaseOne.base + worker * visited.count
                        // The valuations an agent `prefetchDistance` visits ahead reads (one line
                        // for the block, at a random place): asked for now, there when needed.
                        let ahead = exact.values + goods.lowerBound
                        // The visit records themselves, read in order once per block, are asked
                        // for `recordPrefetchDistance` visits ahead: at ten million agents (480
                        // MB) they come from memory, and the hardware's stream prefetch did not
                        // keep up amid the visits' random reads.
                        visited.withUnsafeBufferPointer { records in
                            for (position, agent) in records.enumerated() {
                                if position + Self.recordPrefetchDistance < records.count {
                                    aek_prefetch(records.baseAddress! + position + Self.recordPrefetchDistance)
                                }
                                if position + Self.prefetchDistance < records.count {
                                    aek_prefetch(ahead + Int(records[position + Self.prefetchDistance].agent) * resources)
                                }
                                var found = 0
                                for index in ones.indices { found += ones[index].visit(agent, exact: exact, input: input) }
                                for index in nears.indices { found += nears[index].visit(agent, exact: exact, input: input) }
                                byPosition[position] += Int32(found)
                            }
                        }
                        return max(ones.map(\.best).max() ?? -.infinity, nears.map(\.best).max() ?? -.infinity)
                    }
                    // Empty bundles: worth 0 to everyone; affordable by cost alone.
                    let sortedCosts = empty.map { costs[Int($0)] }.sorted()
                    var best = -Double.infinity
                    for i in envious {
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
                    Parallel.map(chunks: Parallel.chunkCount(envious.count, chunkSize: chunkSize), threads: workers) {
                        chunk, worker -> Double in
                        let mine = counts.base + worker * agents
                        var best = firstLargest
                        let slots = Parallel.range(ofChunk: chunk, chunkSize: chunkSize, count: envious.count)
                        for i in (envious.lowerBound + slots.lowerBound)..<(envious.lowerBound + slots.upperBound) {
                            let own = utilities[i], limit = limits[i], largestValue = largestValues[i]
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
        // Per-worker counts summed per agent, then phase 1's added by visiting position (each
        // envious agent is visited once, so the chunks write distinct entries).
        let totalsChunk = 1 << 14
        var totals: [Int] = Parallel.makeArray(count: envious.count, chunkSize: totalsChunk, threads: workers) {
            slots, output in
            for (slot, k) in slots.enumerated() {
                let i = envious.lowerBound + k
                output[slot] = (0..<workers).reduce(0) { $0 + Int(counts[$1 * agents + i]) }
            }
        }
        totals.withUnsafeMutableBufferPointer { buffer in
            let totals = UncheckedSendable(buffer)
            Parallel.forEach(chunks: Parallel.chunkCount(visited.count, chunkSize: totalsChunk), threads: workers) { chunk in
                for position in Parallel.range(ofChunk: chunk, chunkSize: totalsChunk, count: visited.count) {
                    totals.value[Int(visited[position].agent) - envious.lowerBound] += (0..<workers).reduce(0) {
                        $0 + Int(phaseOne[$1 * visited.count + position])
                    }
                }
            }
        }
        return EnvyCounts(envious: envious, counts: totals, largestGap: largest)
    }

    /// Goods per block of phase 1. One: a block's lists are then what a visit reads at random
    /// places (about 2 MB a worker at ten million agents, 140,000 one-good bundles a good, a
    /// tenth of it at a million), where eight goods a block held eight times as much; the
    /// price is one pass over the visit records per good and one valuation line read per
    /// agent and good instead of per eight goods. Phase 1's seconds, same session,
    /// alternating: 1M 3.44-3.84 -> 2.72-2.82, 4M 16.2 / 19.7 -> 13.0 / 16.8, 10M 47.5 ->
    /// 40.5 / 38.1 (see the Scaling article). It also gives every thread count up to the
    /// number of goods its own chunks.
    static let goodsPerBlock = 1
    /// How many agents ahead phase 1 asks for an agent's valuations of the block.
    static let prefetchDistance = 8
    /// How many visits ahead phase 1 asks for the visit records (past `prefetchDistance`, so
    /// that the read of the agent to prefetch for finds its record in the cache).
    static let recordPrefetchDistance = 32

    /// Zeroes `count` values from `base` over the workers (the first touch of each page by
    /// the worker that zeroes it, not a serial fill).
    private static func zero(_ base: UnsafeMutablePointer<Int32>, count: Int, threads: Int) {
        let start = SharedMutablePointer(base), chunk = 1 << 18
        Parallel.forEach(chunks: Parallel.chunkCount(count, chunkSize: chunk), threads: threads) {
            let range = Parallel.range(ofChunk: $0, chunkSize: chunk, count: count)
            (start.base + range.lowerBound).initialize(repeating: 0, count: range.count)
        }
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
}

/// A bundle's class in the sorted envy check.
enum BundleKind {
    /// No entry.
    case empty
    /// One good.
    case single
    /// Several goods, all but one of them rounding residue.
    case nearSingle
    /// Several goods.
    case multi
}

/// An envious agent ordered by (budget limit, agent): the order the one-good lists are visited in.
struct LimitKey: Comparable {
    var limit: Double
    var agent: Int32

    static func < (lhs: LimitKey, rhs: LimitKey) -> Bool { (lhs.limit, lhs.agent) < (rhs.limit, rhs.agent) }
}
