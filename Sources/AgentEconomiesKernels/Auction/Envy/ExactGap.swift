extension AuctionKernels.EnvyCheckInput {
    /// Borrowed storage of an input for exact pair decisions: the one place that sums
    /// `value_i(bundle_j)` in the reference's order, shared by the tiled check (for the pairs
    /// its screen cannot clear) and by ``EnvyViolationList`` (when it recomputes a row), so
    /// both decide every pair identically.
    struct ExactGap {
        let values: UnsafePointer<Double>
        let rowOffsets: UnsafePointer<Int>
        let columns: UnsafePointer<Int32>
        let quantities: UnsafePointer<Double>
        let resources: Int

        /// `agent`'s valuation of `other`'s bundle minus `own` (`agent`'s utility), the
        /// bundle's entries summed in buying order.
        @inline(__always)
        func gap(_ agent: Int, _ other: Int, own: Double) -> Double {
            var value = 0.0
            let base = agent * resources
            for entry in rowOffsets[other]..<rowOffsets[other + 1] {
                value += values[base + Int(columns[entry])] * quantities[entry]
            }
            return value - own
        }
    }

    /// Runs `body` with an ``ExactGap`` over this input's storage.
    func withExactGap<R>(_ body: (ExactGap) throws -> R) rethrows -> R {
        // A zero-size fallback for empty storage: it is never read (no agent, or no entry).
        let empty = UnsafeMutablePointer<Double>.allocate(capacity: 1)
        let emptyColumns = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
        defer {
            empty.deallocate()
            emptyColumns.deallocate()
        }
        return try valuations.withUnsafeBufferPointer { values in
            try bundles.rowOffsets.withUnsafeBufferPointer { offsets in
                try bundles.columns.withUnsafeBufferPointer { columns in
                    try bundles.values.withUnsafeBufferPointer { quantities in
                        try body(
                            ExactGap(
                                values: values.baseAddress ?? UnsafePointer(empty), rowOffsets: offsets.baseAddress!,
                                columns: columns.baseAddress ?? UnsafePointer(emptyColumns),
                                quantities: quantities.baseAddress ?? UnsafePointer(empty),
                                resources: valuations.columns))
                    }
                }
            }
        }
    }
}
