extension AuctionKernels {
    /// What the envy check reads: the market's valuations and budgets, the bundles, and the
    /// per-agent costs and utilities summed in the reference's order.
    ///
    /// Arrays are shared copy-on-write, so keeping an input (as ``EnvyViolationList`` does)
    /// costs no copy of the market.
    public struct EnvyCheckInput: Sendable {
        /// Agents x resources.
        public var valuations: Matrix<Double>
        /// Each agent's bundle in buying order (the reference's summation order).
        public var bundles: SparseRows
        /// Each bundle's cost at the final prices.
        public var bundleCosts: [Double]
        /// Each agent's valuation of its own bundle.
        public var utilities: [Double]
        /// Each agent's budget.
        public var budgets: [Double]
        /// The envy tolerance (>= 0): a gap must exceed it, and an envied bundle may cost up
        /// to `budget + tolerance`.
        public var tolerance: Double

        /// An input from its columns.
        public init(
            valuations: Matrix<Double>, bundles: SparseRows, bundleCosts: [Double], utilities: [Double],
            budgets: [Double], tolerance: Double
        ) {
            self.valuations = valuations
            self.bundles = bundles
            self.bundleCosts = bundleCosts
            self.utilities = utilities
            self.budgets = budgets
            self.tolerance = tolerance
        }

        /// The number of agents.
        public var agentCount: Int { valuations.rows }

        /// Whether every valuation, quantity, cost, utility and budget is finite (the sorted
        /// envy path relies on ordered numbers). The valuations (agents x resources) are read
        /// in chunks over the workers.
        func isFinite(threads: Int?) -> Bool {
            let matrix = valuations.withUnsafeBufferPointer { values in
                let values = UncheckedSendable(values)
                return Parallel.firstIndex(count: values.value.count, threads: threads) { !values.value[$0].isFinite } == nil
            }
            return matrix && bundles.values.allSatisfy(\.isFinite) && bundleCosts.allSatisfy(\.isFinite)
                && utilities.allSatisfy(\.isFinite) && budgets.allSatisfy(\.isFinite)
        }

        /// Checks that every column has one entry per agent and the tolerance is valid.
        ///
        /// - Throws: ``AgentEconomiesError/shapeMismatch(field:expected:actual:)`` on a size
        ///   mismatch; ``AgentEconomiesError`` for a negative or non-finite tolerance.
        /// - Complexity: O(1): it compares counts and reads none of the values.
        public func validate() throws {
            let agents = valuations.rows, resources = valuations.columns
            // The sorted path numbers agents with Int32 (no such market fits in memory anyway).
            if agents > Int(Int32.max) {
                throw AgentEconomiesError.outOfRange(
                    field: "valuations.rows", value: "\(agents)", requirement: "at most \(Int32.max) agents")
            }
            if bundles.rowCount != agents || bundles.columnCount != resources {
                throw AgentEconomiesError.shapeMismatch(
                    field: "bundles", expected: "\(agents) x \(resources)",
                    actual: "\(bundles.rowCount) x \(bundles.columnCount)")
            }
            try Validate.count(bundleCosts.count, agents, "bundleCosts")
            try Validate.count(utilities.count, agents, "utilities")
            try Validate.count(budgets.count, agents, "budgets")
            try Validate.nonNegative(tolerance, "tolerance")
        }

        /// Every violation of one envious agent, by envied agent ascending: `other != agent`
        /// whose bundle costs at most `budget + tolerance` and is worth more than `tolerance`
        /// above `agent`'s own utility, the value summed in `other`'s buying order (the
        /// reference's order), so the decisions and gaps are the reference's bit for bit.
        ///
        /// - Complexity: O(agents + entries of the affordable bundles).
        public func violations(ofAgent agent: Int) -> [EnvyPair] {
            var row: [EnvyPair] = []
            let limit = budgets[agent] + tolerance, own = utilities[agent]
            withExactGap { exact in
                for other in 0..<agentCount where other != agent && bundleCosts[other] <= limit {
                    let gap = exact.gap(agent, other, own: own)
                    if gap > tolerance { row.append(EnvyPair(envious: agent, envied: other, gap: gap)) }
                }
            }
            return row
        }
    }
}
