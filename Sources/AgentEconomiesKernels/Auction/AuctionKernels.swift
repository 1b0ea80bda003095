/// Kernels of the Dworkin auction: demands at given prices, tatonnement, normalisation.
///
/// The rules are the reference's; the whole pipeline (solver, normalisation, certificate,
/// utilities, envy check) is ``AuctionKernels/run(_:parameters:threads:)``, the envy check
/// ``AuctionKernels/envyCheck(_:path:tiles:threads:)``.
/// Agents are processed in blocks of ``blockRows`` rows; each block's demand totals are kept
/// apart and added in block order, so results are identical for every thread count, and for
/// markets of up to ``blockRows`` agents the totals are summed in exactly the reference's order.
public enum AuctionKernels {
    /// Agents per block of the parallel demand passes.
    public static let blockRows = 1024

    /// Agents per reduction group of the equilibrium solver (16 blocks): a pass adds its
    /// blocks' sums in block order within each group, then the groups' sums in group order.
    /// The distributed solver gives each rank whole groups, so a group's sums are the same
    /// bits on any rank count and only one set of sums per group crosses the network.
    public static let equilibriumGroupRows = 16 * blockRows

    /// Parameters of the reference tatonnement.
    public struct TatonnementParameters: Equatable, Sendable {
        /// Largest number of rounds (>= 1).
        public var maxRounds: Int
        /// Price adjustment rate in (0, 1].
        public var rate: Double
        /// The market has converged when the largest |excess demand| is below this.
        public var tolerance: Double
        /// Parameters; the defaults are the reference's (50 rounds, rate 0.1, tolerance 0.01).
        public init(maxRounds: Int = 50, rate: Double = 0.1, tolerance: Double = 0.01) {
            self.maxRounds = maxRounds
            self.rate = rate
            self.tolerance = tolerance
        }

        /// Throws ``AgentEconomiesError`` naming the field when `maxRounds < 1`, `rate` is not
        /// in (0, 1] or `tolerance <= 0` (or a value is NaN or infinite).
        public func validate() throws {
            try Validate.atLeast(maxRounds, 1, "TatonnementParameters.maxRounds")
            try Validate.positive(rate, "TatonnementParameters.rate")
            if rate > 1 {
                throw AgentEconomiesError.outOfRange(
                    field: "TatonnementParameters.rate", value: "\(rate)",
                    requirement: "in (0, 1]")
            }
            try Validate.positive(tolerance, "TatonnementParameters.tolerance")
        }
    }

    /// What the tatonnement reached.
    public struct TatonnementOutcome: Sendable {
        /// Prices after the last round (updated in the converging round too).
        public var prices: [Double]
        /// Rounds run.
        public var rounds: Int
        /// Whether the largest |excess| fell below the tolerance.
        public var converged: Bool
        /// The largest |excess demand| of the last round.
        public var lastMaxExcess: Double
    }

    /// Runs the reference tatonnement: every round computes all demands at the current
    /// prices, then moves each price by `rate * excess / max(supply, 1e-10)` (floored at
    /// 0.01), stopping after the round whose largest |excess| is below the tolerance.
    ///
    /// - Complexity: O(rounds x agents x resources) time, one pass over the valuations per
    ///   round (an agent still spending after four resources also sorts the rest of its row,
    ///   O(resources log resources)); O(threads x resources + blocks x resources) extra memory.
    public static func tatonnement(
        _ market: AuctionMarket, parameters: TatonnementParameters,
        threads: Int? = nil
    ) -> TatonnementOutcome {
        tatonnement(supplies: market.supplies, parameters: parameters, hasAgents: market.agentCount > 0) { prices in
            blockedTotalDemand(market, prices: prices, threads: threads)
        }
    }

    /// The tatonnement loop over a total-demand function (`totalDemand(prices)`: the whole
    /// market's demand per resource), for callers whose agents are not all in one
    /// ``AuctionMarket`` (a process that holds a block of the agents and adds the others'
    /// totals). Equal to ``tatonnement(_:parameters:threads:)`` when `totalDemand` returns
    /// the same totals.
    ///
    /// - Complexity: O(rounds x resources) plus one `totalDemand` call per round, at most
    ///   `parameters.maxRounds` rounds.
    package static func tatonnement(
        supplies: [Double], parameters: TatonnementParameters, hasAgents: Bool,
        totalDemand: ([Double]) -> [Double]
    ) -> TatonnementOutcome {
        let resources = supplies.count
        var prices = [Double](repeating: 1.0, count: resources)
        var rounds = 0
        var converged = false
        var lastMaxExcess = 0.0
        if !hasAgents || resources == 0 {
            return TatonnementOutcome(prices: prices, rounds: 0, converged: true, lastMaxExcess: 0)
        }
        for round in 0..<parameters.maxRounds {
            rounds = round + 1
            let totals = totalDemand(prices)
            var maxExcess = 0.0
            for r in 0..<resources {
                let supply = supplies[r]
                let excess = totals[r] - supply
                let magnitude = abs(excess)
                if magnitude > maxExcess { maxExcess = magnitude }
                let adjustment = parameters.rate * (excess / max(supply, 1e-10))
                let candidate = prices[r] * (1 + adjustment)
                prices[r] = candidate > 0.01 ? candidate : 0.01
            }
            lastMaxExcess = maxExcess
            if maxExcess < parameters.tolerance {
                converged = true
                break
            }
        }
        return TatonnementOutcome(prices: prices, rounds: rounds, converged: converged, lastMaxExcess: lastMaxExcess)
    }

    /// Total demand per resource at `prices`, summed in blocks (see ``AuctionKernels``).
    ///
    /// - Throws: ``AgentEconomiesError`` when `prices` does not have one positive entry per
    ///   resource.
    /// - Complexity: O(agents x resources), plus O(resources log resources) for each agent
    ///   still spending after four resources, over the workers.
    public static func totalDemand(_ market: AuctionMarket, prices: [Double], threads: Int? = nil) throws -> [Double] {
        try validatePrices(prices, market)
        return blockedTotalDemand(market, prices: prices, threads: threads)
    }

    static func validatePrices(_ prices: [Double], _ market: AuctionMarket) throws {
        try Validate.count(prices.count, market.resourceCount, "prices")
        // +infinity is allowed: the reference's price updates can overflow on extreme markets.
        for (index, price) in prices.enumerated() where !(price > 0) {
            throw AgentEconomiesError.outOfRange(field: "prices[\(index)]", value: "\(price)", requirement: "> 0")
        }
    }

    static func blockedTotalDemand(_ market: AuctionMarket, prices: [Double], threads: Int?) -> [Double] {
        sumInBlockOrder(demandBlockPartials(market, prices: prices, threads: threads), resources: market.resourceCount)
    }

    /// Block totals added in block order: the first block's sums are the reference's order,
    /// and the result does not depend on how the blocks were computed (threads or processes).
    ///
    /// - Complexity: O(blocks x resources).
    package static func sumInBlockOrder(_ partials: [[Double]], resources: Int) -> [Double] {
        guard var totals = partials.first else { return [Double](repeating: 0, count: resources) }
        for partial in partials.dropFirst() {
            for r in 0..<resources { totals[r] += partial[r] }
        }
        return totals
    }

    /// ``sumInBlockOrder(_:resources:)`` of block totals stored one block after another
    /// (`blocks x resources` values, as gathered from the ranks that computed them).
    ///
    /// - Complexity: O(blocks x resources); each block is copied once.
    package static func sumInBlockOrder(flat partials: [Double], resources: Int) -> [Double] {
        let blocks = stride(from: 0, to: partials.count, by: max(resources, 1)).map {
            Array(partials[$0..<($0 + resources)])
        }
        return sumInBlockOrder(blocks, resources: resources)
    }

    /// Each block's (``blockRows`` agents) demand totals per resource at `prices`, in block
    /// order. A market holding agents `k x blockRows ..< ...` of a larger one gives that
    /// market's blocks `k...` exactly.
    ///
    /// - Complexity: O(agents x resources), plus O(resources log resources) for each agent still
    ///   spending after four resources, over the workers; O(blocks x resources) memory.
    package static func demandBlockPartials(_ market: AuctionMarket, prices: [Double], threads: Int?) -> [[Double]] {
        let agents = market.agentCount, resources = market.resourceCount
        if agents == 0 || resources == 0 { return [] }
        let blocks = Parallel.chunkCount(agents, chunkSize: blockRows)
        return withDemandContext(market, prices: prices) { context in
            Parallel.map(chunks: blocks, threads: threads) { block, _ in
                var partial = [Double](repeating: 0, count: resources)
                partial.withUnsafeMutableBufferPointer { sums in
                    let scratch = DemandScratch(resources: resources)
                    for agent in Parallel.range(ofChunk: block, chunkSize: blockRows, count: agents) {
                        context.walk(agent: agent, scratch: scratch) { resource, quantity in
                            sums[resource] += quantity
                        }
                    }
                }
                return partial
            }
        }
    }

    /// Every agent's demand at `prices`, each row in buying order.
    ///
    /// - Throws: ``AgentEconomiesError`` when `prices` does not have one positive entry per
    ///   resource.
    /// - Complexity: O(agents x resources), plus O(resources log resources) for each agent
    ///   still spending after four resources, over the workers; O(agents + entries) memory.
    public static func demands(_ market: AuctionMarket, prices: [Double], threads: Int? = nil) throws -> SparseRows {
        try validatePrices(prices, market)
        let agents = market.agentCount, resources = market.resourceCount
        if agents == 0 || resources == 0 { return SparseRows(uncheckedRows: agents, columnCount: resources) }
        let blocks = Parallel.chunkCount(agents, chunkSize: blockRows)
        let blockRowsOut = withDemandContext(market, prices: prices) { context in
            Parallel.map(chunks: blocks, threads: threads) { block, _ in
                let range = Parallel.range(ofChunk: block, chunkSize: blockRows, count: agents)
                var rows = SparseRows(uncheckedRows: 0, columnCount: resources)
                rows.rowOffsets = [0]
                rows.rowOffsets.reserveCapacity(range.count + 1)
                let scratch = DemandScratch(resources: resources)
                for agent in range {
                    context.walk(agent: agent, scratch: scratch) { resource, quantity in
                        rows.columns.append(Int32(resource))
                        rows.values.append(quantity)
                    }
                    rows.rowOffsets.append(rows.columns.count)
                }
                return rows
            }
        }
        var result = SparseRows(uncheckedRows: 0, columnCount: resources)
        result.rowOffsets = [0]
        result.rowOffsets.reserveCapacity(agents + 1)
        for rows in blockRowsOut {
            let base = result.columns.count
            result.columns.append(contentsOf: rows.columns)
            result.values.append(contentsOf: rows.values)
            result.rowOffsets.append(contentsOf: rows.rowOffsets.dropFirst().map { $0 + base })
        }
        return result
    }

    /// Scales every resource whose total demand exceeds its supply (and is > 0) by
    /// `supply / demand`, so no resource is over-allocated; the reference's normalisation.
    ///
    /// - Complexity: O(entries + blocks x resources).
    public static func normalize(_ bundles: inout SparseRows, supplies: [Double]) throws {
        try Validate.count(supplies.count, bundles.columnCount, "supplies")
        try normalize(&bundles, supplies: supplies, totals: bundles.columnSums())
    }

    /// ``normalize(_:supplies:)`` with the demand totals given: those of more rows than
    /// `bundles` holds when a rank normalises its own rows of a whole market's bundles.
    ///
    /// - Complexity: O(entries + resources).
    package static func normalize(_ bundles: inout SparseRows, supplies: [Double], totals: [Double]) throws {
        var factors = [Double](repeating: 1, count: supplies.count)
        for r in 0..<supplies.count where totals[r] > supplies[r] && totals[r] > 0 {
            factors[r] = supplies[r] / totals[r]
        }
        try bundles.scaleColumns(by: factors)
    }
}
