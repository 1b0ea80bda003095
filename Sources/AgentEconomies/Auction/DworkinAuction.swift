import OrderedCollections

/// Dworkin's auction: equal (or given) budgets, tatonnement to find prices, demand
/// normalised to supply, and an envy-freeness check; the reference's rules exactly (see
/// <doc:FairAllocation>).
///
/// Two entry points: ``runAuction(bids:resources:)`` takes the reference's dictionaries;
/// ``runAuction(market:)`` takes an `AuctionMarket` (valuation matrix,
/// budgets, supplies) for large populations. The dictionary form builds a market and calls
/// the matrix form, so both give the same numbers.
public struct DworkinAuction: Sendable {
    /// The validated configuration.
    public let config: AuctionConfig
    /// Worker threads for the kernels (`nil`: `Parallel/defaultThreadCount`). Results do
    /// not depend on it.
    public var threads: Int?

    /// An auction with `config`.
    ///
    /// - Throws: `AgentEconomiesError` from ``AuctionConfig/validate()``.
    public init(config: AuctionConfig = AuctionConfig(), threads: Int? = nil) throws {
        try config.validate()
        self.config = config
        self.threads = threads
    }

    /// Runs the auction on bids in order and resource supplies in order.
    ///
    /// - Returns: converged and envy-free with nothing allocated when there are no bids or
    ///   no resources.
    /// - Throws: `AgentEconomiesError` for a duplicate agent ID (`bids`), a NaN or infinite
    ///   valuation, budget or supply, or a negative budget or supply; the field names the
    ///   agent and resource.
    /// - Complexity: O(rounds x agents x resources) for prices, O(agents^2 x resources) for
    ///   the envy check (tiled GEMM); O(agents x resources) memory, whatever the number of
    ///   envy violations (they are recomputed when read, see ``EnvyViolations``).
    public func runAuction(bids: [AuctionBid], resources: OrderedDictionary<String, Double>) throws -> AuctionResult {
        var seen = Set<String>()
        for bid in bids where !seen.insert(bid.agentID).inserted {
            throw AgentEconomiesError.duplicateID(field: "bids", id: bid.agentID)
        }
        for (name, supply) in resources { try Validate.nonNegative(supply, "resources[\(name)]") }
        for bid in bids {
            for (name, value) in bid.valuations { try Validate.finite(value, "valuations[\(bid.agentID)][\(name)]") }
            if let budget = bid.budget { try Validate.nonNegative(budget, "budget[\(bid.agentID)]") }
        }
        if bids.isEmpty || resources.isEmpty {
            return AuctionResult(isEnvyFree: true, converged: true)
        }
        let market = try Self.market(bids: bids, resources: resources, endowment: config.initialEndowment)
        let outcome = try runAuction(market: market)
        let names = resources.keys
        var allocations = OrderedDictionary<String, AuctionAllocation>(minimumCapacity: bids.count)
        for (row, bid) in bids.enumerated() {
            var bundle = OrderedDictionary<String, Double>()
            for (column, quantity) in outcome.bundles.row(row) { bundle[names[column]] = quantity }
            allocations[bid.agentID] = AuctionAllocation(
                agentID: bid.agentID, resources: bundle,
                pricePaid: outcome.pricesPaid[row],
                utility: outcome.utilities[row])
        }
        let violations = EnvyViolations(outcome.envy.violations, agentIDs: bids.map(\.agentID))
        return AuctionResult(
            allocations: allocations,
            clearingPrices: OrderedDictionary(uniqueKeys: names, values: outcome.prices),
            roundsToConverge: outcome.roundsToConverge,
            isEnvyFree: outcome.isEnvyFree,
            envyViolations: violations,
            totalUtility: outcome.totalUtility,
            converged: outcome.converged,
            certificate: outcome.certificate)
    }

    /// Runs the auction on a columnar market with this configuration: the kernel pipeline
    /// `AuctionKernels/run(_:parameters:threads:)` (solver, normalisation, certificate,
    /// utilities, envy check).
    ///
    /// - Complexity: O(rounds x agents x resources + agents^2 x resources); memory
    ///   O(agents x resources), whatever the number of envy violations.
    public func runAuction(market: AuctionMarket) throws -> AuctionMarketResult {
        try AuctionKernels.run(market, parameters: config.runParameters, threads: threads)
    }

    /// The Gini coefficient of the allocations' utilities (`giniCoefficient(_:)`).
    ///
    /// - Complexity: O(agents log agents): the utilities are sorted.
    public func giniCoefficient(of allocations: OrderedDictionary<String, AuctionAllocation>) -> Double {
        AgentEconomiesKernels.giniCoefficient(allocations.values.map(\.utility))
    }

    /// Builds the columnar market of a dictionary auction: valuations and the `valued` mask
    /// from each bid (unknown resource names dropped), budgets (missing ones take
    /// `endowment`), supplies in order, and tie ranks from the resource names compared by
    /// Unicode code points, greater name ranked higher, as the reference sorts them.
    ///
    /// - Complexity: O(agents x resources + resources log resources).
    public static func market(
        bids: [AuctionBid], resources: OrderedDictionary<String, Double>,
        endowment: Double
    ) throws -> AuctionMarket {
        let resourceCount = resources.count
        var values = [Double](repeating: 0, count: bids.count * resourceCount)
        var valued = [Bool](repeating: false, count: bids.count * resourceCount)
        var allValued = true
        for (row, bid) in bids.enumerated() {
            var known = 0
            for (name, value) in bid.valuations {
                guard let column = resources.index(forKey: name) else { continue }
                values[row * resourceCount + column] = value
                valued[row * resourceCount + column] = true
                known += 1
            }
            if known != resourceCount { allValued = false }
        }
        let byName = resources.keys.indices.sorted { codePointLess(resources.keys[$0], resources.keys[$1]) }
        var ranks = [Int32](repeating: 0, count: resourceCount)
        for (rank, column) in byName.enumerated() { ranks[column] = Int32(rank) }
        return try AuctionMarket(
            valuations: Matrix(rows: bids.count, columns: resourceCount, storage: values),
            valued: allValued ? nil : valued,
            budgets: bids.map { $0.budget ?? endowment },
            supplies: Array(resources.values),
            tieRanks: ranks)
    }
}

/// Python's string order: lexicographic by Unicode code point, no normalisation.
func codePointLess(_ a: String, _ b: String) -> Bool {
    a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars) { $0.value < $1.value }
}
