extension AuctionKernels {
    /// The reference's envy check over every ordered pair of agents: pair by pair over sparse
    /// bundles (the pairwise path), or through a tiled GEMM (below), as `path`
    /// says; both give the same violations.
    ///
    /// Agent i envies j (i != j) when j's bundle costs at most `budgets[i] + tolerance` and
    /// `value_i(bundle_j) - utilities[i] > tolerance`. Every `value_i(bundle_j)` is entry
    /// (i, j) of `V * D^T` (V valuations, D the dense bundles); the product is computed in
    /// tiles by the tiled-product driver (``tiledProductTransposed(_:_:tiles:threads:initial:reduce:)``)
    /// and each tile is reduced at once, so memory is O(agents x resources + tile).
    ///
    /// Exactness: the tile entry differs from the reference's left-to-right sum over j's
    /// bundle only by rounding, bounded by `(2 R + 8) u max|V_i| |D_j|_1` (u the unit
    /// roundoff). Every pair within that bound of the tolerance, or beyond it, is summed
    /// again in the reference's order before it is decided and reported, so the set of
    /// violations and their gaps are the reference's, bit for bit.
    ///
    /// The report counts every violation and keeps, per envious agent, how many it has; the
    /// violations themselves are recomputed from `input` when read
    /// (``EnvyViolationList``), so the report's memory does not grow with their number.
    ///
    /// - Parameters:
    ///   - input: valuations, bundles, costs, utilities, budgets and tolerance.
    ///   - path: pairwise or tiled (``EnvyPath/automatic``: pairwise for sparse bundles).
    ///   - tiles: the tile shape of the product.
    ///   - threads: worker count (`nil`: ``Parallel/defaultThreadCount``); results do not
    ///     depend on it.
    /// - Throws: ``AgentEconomiesError/shapeMismatch(field:expected:actual:)`` on mismatched
    ///   sizes, ``AgentEconomiesError`` for a bad tolerance or tile shape.
    /// - Complexity: tiled, O(agents^2 x resources) arithmetic at GEMM speed and O(agents x
    ///   resources + threads x tile) memory; pairwise, O(agents^2 x mean bundle entries).
    public static func envyCheck(
        _ input: EnvyCheckInput, path: EnvyPath = .automatic, tiles: TileShape = TileShape(),
        threads: Int? = nil
    ) throws -> EnvyReport {
        try input.validate()
        switch path.resolved(for: input, threads: threads) {
        case .pairwise: return pairwiseEnvyCheck(input, threads: threads)
        case .sorted: return sortedEnvyCheck(input, threads: threads)
        default: break
        }
        let valuations = input.valuations, bundles = input.bundles, bundleCosts = input.bundleCosts
        let utilities = input.utilities, budgets = input.budgets, tolerance = input.tolerance
        let agents = valuations.rows, resources = valuations.columns
        if agents == 0 { return EnvyReport(input: input, offsets: [0], largestGap: -.infinity) }
        let dense = bundles.dense()
        // Per-row scales of the rounding bound.
        let rowMaxAbs = (0..<agents).map { i in valuations.row(i).reduce(0.0) { max($0, abs($1)) } }
        let bundleMass = (0..<agents).map { j in
            (bundles.rowOffsets[j]..<bundles.rowOffsets[j + 1]).reduce(0.0) { $0 + abs(bundles.values[$1]) }
        }
        let unitRoundoff = Double.ulpOfOne / 2
        let boundFactor = Double(2 * resources + 8) * unitRoundoff

        /// One panel's violations per envious row and its largest gap.
        struct PanelResult {
            var counts: [Int]
            var largestGap = -Double.infinity
        }
        let panels = try input.withExactGap { exact in
            try bundleCosts.withUnsafeBufferPointer { costBuffer in
                try bundleMass.withUnsafeBufferPointer { massBuffer in
                    let costs = costBuffer.baseAddress!, masses = massBuffer.baseAddress!
                    return try tiledProductTransposed(
                        valuations, dense, tiles: tiles, threads: threads,
                        initial: { PanelResult(counts: []) }
                    ) { result, tile in
                        if result.counts.isEmpty { result.counts = [Int](repeating: 0, count: tile.rowCount) }
                        let columnStart = tile.columnStart, columnCount = tile.columnCount
                        // |G_ij| <= max|V_i| |D_j|_1, so one bound per row and tile covers every pair:
                        // (boundFactor + u) max|V_i| max_j |D_j|_1 + u |u_i|.
                        var tileMass = 0.0
                        for j in columnStart..<(columnStart + columnCount) { tileMass = max(tileMass, masses[j]) }
                        for i in tile.rowStart..<(tile.rowStart + tile.rowCount) {
                            let tileRow = tile.values.baseAddress! + (i - tile.rowStart) * columnCount
                            // An agent does not envy itself: mask the diagonal out of every test.
                            if i >= columnStart && i < columnStart + columnCount {
                                tileRow[i - columnStart] = -.infinity
                            }
                            let own = utilities[i]
                            let bound = (boundFactor + unitRoundoff) * rowMaxAbs[i] * tileMass + unitRoundoff * abs(own)
                            let limit = SIMD4<Double>(repeating: budgets[i] + tolerance)
                            // Entries above this may be violations once summed exactly.
                            let suspectAbove = SIMD4<Double>(
                                repeating: own + tolerance - bound - unitRoundoff * abs(own + tolerance))
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

                        /// Decides the pair exactly (``ExactGap``) and counts a violation.
                        func decide(_ i: Int, _ j: Int) {
                            if exact.gap(i, j, own: utilities[i]) > tolerance { result.counts[i - tile.rowStart] += 1 }
                        }
                    }
                }
            }
        }
        var offsets = [Int](repeating: 0, count: agents + 1)
        var largestGap = -Double.infinity
        var row = 0
        for panel in panels {
            for count in panel.counts {
                offsets[row + 1] = offsets[row] + count
                row += 1
            }
            largestGap = max(largestGap, panel.largestGap)
        }
        return EnvyReport(input: input, offsets: offsets, largestGap: largestGap)
    }
}
