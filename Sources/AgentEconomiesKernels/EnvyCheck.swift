/// One envy violation found by the envy kernel: agent `envious` values agent `envied`'s
/// bundle above its own by `gap` (more than the tolerance).
public struct EnvyPair: Equatable, Sendable {
    /// Row of the envious agent.
    public var envious: Int
    /// Row of the envied agent.
    public var envied: Int
    /// `envious`'s valuation of `envied`'s bundle minus its own utility.
    public var gap: Double
    /// A violation record.
    public init(envious: Int, envied: Int, gap: Double) {
        self.envious = envious
        self.envied = envied
        self.gap = gap
    }
}

/// What the envy kernel found.
public struct EnvyReport: Equatable, Sendable {
    /// Number of ordered pairs (i, j) in violation.
    public var violationCount: Int
    /// The first `recordLimit` violations in (envious, envied) order.
    public var violations: [EnvyPair]
    /// The largest gap over all ordered pairs i != j that the envious agent could afford
    /// (`-infinity` when there are none), computed from the tiled product: exact for
    /// violations, within rounding elsewhere.
    public var largestGap: Double
    /// Whether there are no violations.
    public var isEnvyFree: Bool { violationCount == 0 }

    /// A report record.
    public init(violationCount: Int, violations: [EnvyPair], largestGap: Double) {
        self.violationCount = violationCount
        self.violations = violations
        self.largestGap = largestGap
    }
}

extension AuctionKernels {
    /// The reference's envy check over every ordered pair of agents, through a tiled GEMM.
    ///
    /// Agent i envies j (i != j) when j's bundle costs at most `budgets[i] + tolerance` and
    /// `value_i(bundle_j) - utilities[i] > tolerance`. Every `value_i(bundle_j)` is entry
    /// (i, j) of `V * D^T` (V valuations, D the dense bundles); the product is computed in
    /// tiles by ``tiledProductTransposed(_:_:tileRows:tileColumns:threads:initial:reduce:)``
    /// and each tile is reduced at once, so memory is O(agents x resources + tile).
    ///
    /// Exactness: the tile entry differs from the reference's left-to-right sum over j's
    /// bundle only by rounding, bounded by `(2 R + 8) u max|V_i| |D_j|_1` (u the unit
    /// roundoff). Every pair within that bound of the tolerance, or beyond it, is summed
    /// again in the reference's order before it is decided and reported, so the set of
    /// violations and their gaps are the reference's, bit for bit.
    ///
    /// - Parameters:
    ///   - valuations: agents x resources.
    ///   - bundles: each agent's bundle in buying order (the reference's summation order).
    ///   - bundleCosts, utilities, budgets: per agent, the costs and utilities summed in
    ///     the reference's order.
    ///   - tolerance: the envy tolerance (>= 0).
    ///   - recordLimit: how many violations to keep (all are counted).
    /// - Throws: ``AgentEconomiesError/shapeMismatch(field:expected:actual:)`` on mismatched sizes.
    /// - Complexity: O(agents^2 x resources) arithmetic at GEMM speed; O(agents x resources
    ///   + threads x tile + recorded violations) memory.
    public static func envyCheck(
        valuations: Matrix<Double>, bundles: SparseRows, bundleCosts: [Double], utilities: [Double],
        budgets: [Double], tolerance: Double, recordLimit: Int = .max,
        tileRows: Int = 256, tileColumns: Int = 1024, threads: Int? = nil
    ) throws -> EnvyReport {
        let agents = valuations.rows, resources = valuations.columns
        if bundles.rowCount != agents || bundles.columnCount != resources {
            throw AgentEconomiesError.shapeMismatch(field: "bundles", expected: "\(agents) x \(resources)",
                                                    actual: "\(bundles.rowCount) x \(bundles.columnCount)")
        }
        try Validate.count(bundleCosts.count, agents, "bundleCosts")
        try Validate.count(utilities.count, agents, "utilities")
        try Validate.count(budgets.count, agents, "budgets")
        try Validate.nonNegative(tolerance, "tolerance")
        if agents == 0 { return EnvyReport(violationCount: 0, violations: [], largestGap: -.infinity) }
        let dense = bundles.dense()
        // Per-row scales of the rounding bound.
        let rowMaxAbs = (0..<agents).map { i in valuations.row(i).reduce(0.0) { max($0, abs($1)) } }
        let bundleMass = (0..<agents).map { j in
            (bundles.rowOffsets[j]..<bundles.rowOffsets[j + 1]).reduce(0.0) { $0 + abs(bundles.values[$1]) }
        }
        let unitRoundoff = Double.ulpOfOne / 2
        let boundFactor = Double(2 * resources + 8) * unitRoundoff

        let envyOrder: (EnvyPair, EnvyPair) -> Bool = { ($0.envious, $0.envied) < ($1.envious, $1.envied) }
        struct PanelResult {
            var count = 0
            var violations: [EnvyPair] = []
            var largestGap = -Double.infinity
        }
        let panels = try valuations.withUnsafeBufferPointer { values in
          try bundleCosts.withUnsafeBufferPointer { costBuffer in
           try bundleMass.withUnsafeBufferPointer { massBuffer in
            let costs = costBuffer.baseAddress!, masses = massBuffer.baseAddress!
            return try tiledProductTransposed(valuations, dense, tileRows: tileRows, tileColumns: tileColumns,
                                       threads: threads, initial: { PanelResult() }) { result, tile in
                let columnStart = tile.columnStart, columnCount = tile.columnCount
                // |G_ij| <= max|V_i| |D_j|_1, so one bound per row and tile covers every pair:
                // (boundFactor + u) max|V_i| max_j |D_j|_1 + u |u_i|.
                var tileMass = 0.0
                for j in columnStart..<(columnStart + columnCount) { tileMass = max(tileMass, masses[j]) }
                for i in tile.rowStart..<(tile.rowStart + tile.rowCount) {
                    let tileRow = tile.values.baseAddress! + (i - tile.rowStart) * columnCount
                    // An agent does not envy itself: mask the diagonal out of every test.
                    if i >= columnStart && i < columnStart + columnCount { tileRow[i - columnStart] = -.infinity }
                    let own = utilities[i]
                    let bound = (boundFactor + unitRoundoff) * rowMaxAbs[i] * tileMass + unitRoundoff * abs(own)
                    let limit = SIMD4<Double>(repeating: budgets[i] + tolerance)
                    // Entries above this may be violations once summed exactly.
                    let suspectAbove = SIMD4<Double>(repeating: own + tolerance - bound - unitRoundoff * abs(own + tolerance))
                    let excluded = SIMD4<Double>(repeating: -.infinity)
                    var largest = excluded
                    var column = 0
                    // Branch-free screen, four pairs at a time.
                    while column + 4 <= columnCount {
                        let j = columnStart + column
                        let product = UnsafeRawPointer(tileRow + column).loadUnaligned(as: SIMD4<Double>.self)
                        let cost = UnsafeRawPointer(costs + j).loadUnaligned(as: SIMD4<Double>.self)
                        let affordable = excluded.replacing(with: product, where: cost .<= limit)
                        largest = pointwiseMax(largest, affordable)
                        let suspect = affordable .> suspectAbove
                        if any(suspect) {
                            for lane in 0..<4 where suspect[lane] { decide(i, j + lane) }
                        }
                        column += 4
                    }
                    var largestValue = largest.max()
                    while column < columnCount {
                        let j = columnStart + column
                        if costs[j] <= budgets[i] + tolerance {
                            largestValue = max(largestValue, tileRow[column])
                            if tileRow[column] > suspectAbove[0] { decide(i, j) }
                        }
                        column += 1
                    }
                    result.largestGap = max(result.largestGap, largestValue - own)
                }

                /// Sums value_i(bundle_j) in the reference's order and records a violation.
                func decide(_ i: Int, _ j: Int) {
                    var value = 0.0
                    let base = i * resources
                    for entry in bundles.rowOffsets[j]..<bundles.rowOffsets[j + 1] {
                        value += values[base + Int(bundles.columns[entry])] * bundles.values[entry]
                    }
                    let gap = value - utilities[i]
                    guard gap > tolerance else { return }
                    result.count += 1
                    if recordLimit > 0 {
                        result.violations.append(EnvyPair(envious: i, envied: j, gap: gap))
                        // Tiles visit a panel's rows once per column block, so keep more
                        // than the limit and prune to the first ones in order.
                        if result.violations.count >= 2 * min(recordLimit, Int.max / 4) {
                            result.violations.sort(by: envyOrder)
                            result.violations.removeLast(result.violations.count - recordLimit)
                        }
                    }
                }
            }
           }
          }
        }
        var report = EnvyReport(violationCount: 0, violations: [], largestGap: -.infinity)
        for var panel in panels {
            report.violationCount += panel.count
            report.largestGap = max(report.largestGap, panel.largestGap)
            if report.violations.count < recordLimit {
                panel.violations.sort(by: envyOrder)
                report.violations.append(contentsOf: panel.violations.prefix(recordLimit - report.violations.count))
            }
        }
        return report
    }
}
