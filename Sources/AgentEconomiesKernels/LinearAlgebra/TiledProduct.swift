/// The one loop nest of every tiled product `A * B^T` in the library, with pluggable
/// per-tile reducers (the BLIS idea: the loops, the packing and the GEMM calls are written
/// once; what a kernel does with each tile is a closure).
///
/// The work is a list of *units*. A unit is a range of rows of A and a range of rows of B;
/// its product is computed one tile at a time (all of the unit's A rows against
/// `tileColumns` rows of B per GEMM, in column order) into a scratch buffer, and each tile
/// is folded into the unit's accumulator before the buffer is reused. Units are spread over
/// the threads of ``Parallel`` (round-robin), each calling BLAS with one BLAS thread, and
/// the accumulators come back in unit order, so a reduction over them in that order does
/// not depend on the thread count.
///
/// ```
/// for unit in units (parallel)                   // say, a panel of agents
///     accumulator = initial(unit)
///     for block in column blocks of the unit     // rows of B
///         if needed(unit, block)
///             tile = A[unit rows] * B[block]^T   // one GEMM
///             reduce(&accumulator, tile)         // count, collect, max ... then drop the tile
/// ```
///
/// Two shapes of work use it: the envy check (units are panels of agents, each against
/// every bundle) and the dense similarity join (one strip of agents, units are the blocks of
/// later agents). Memory is `threads x largest unit rows x tileColumns` scalars; never the
/// whole product.
struct TiledProduct<Scalar: BLASScalar> {
    /// Row-major A with `depth` columns (may be nil when `depth` is 0).
    let a: UnsafePointer<Scalar>?
    /// Row-major B with `depth` columns (may be nil when `depth` is 0).
    let b: UnsafePointer<Scalar>?
    /// The shared dimension (columns of A and B).
    let depth: Int
    /// Rows of B per GEMM.
    let tileColumns: Int

    /// Runs the loop nest over `units` units.
    ///
    /// - Parameters:
    ///   - units: the number of units.
    ///   - rows: the rows of A of a unit.
    ///   - columns: the rows of B of a unit (cut into blocks of `tileColumns`).
    ///   - threads: worker count.
    ///   - needed: whether a unit's block must be computed (skipped blocks reach no reducer).
    ///   - initial: a unit's empty accumulator.
    ///   - reduce: folds one tile into the unit's accumulator; called on worker threads,
    ///     one unit at a time per accumulator, blocks in column order.
    /// - Complexity: O(sum over units of rows x columns x depth) arithmetic at GEMM speed.
    func run<Accumulator>(
        units: Int, rows: (Int) -> Range<Int>, columns: (Int) -> Range<Int>, threads: Int,
        needed: (Int, Range<Int>) -> Bool = { _, _ in true },
        initial: (Int) -> Accumulator, reduce: (inout Accumulator, ProductTile<Scalar>) -> Void
    ) -> [Accumulator] {
        if units <= 0 { return [] }
        let workers = min(units, max(1, threads))
        var largestRows = 0
        for unit in 0..<units { largestRows = max(largestRows, rows(unit).count) }
        let scratchSize = largestRows * tileColumns
        var scratch = [Scalar](repeating: 0, count: workers * max(scratchSize, 1))
        let depth = self.depth, tileColumns = self.tileColumns
        let a = UncheckedSendable(self.a), b = UncheckedSendable(self.b)
        return scratch.withUnsafeMutableBufferPointer { scratchBuffer in
            let base = UncheckedSendable(scratchBuffer.baseAddress!)
            return BLAS.withThreads(workers > 1 ? 1 : BLAS.threads) {
                Parallel.map(chunks: units, threads: workers) { unit, worker in
                    let buffer = base.value + worker * scratchSize
                    let unitRows = rows(unit), unitColumns = columns(unit)
                    var accumulator = initial(unit)
                    var start = unitColumns.lowerBound
                    while start < unitColumns.upperBound {
                        let block = start..<min(unitColumns.upperBound, start + tileColumns)
                        start = block.upperBound
                        if unitRows.isEmpty || !needed(unit, block) { continue }
                        if depth == 0 || a.value == nil || b.value == nil {
                            buffer.update(repeating: 0, count: unitRows.count * block.count)
                        } else {
                            Scalar._gemm(
                                CblasNoTransValue, CblasTransValue, Int32(unitRows.count),
                                Int32(block.count), Int32(depth), 1,
                                a.value! + unitRows.lowerBound * depth, Int32(depth),
                                b.value! + block.lowerBound * depth, Int32(depth),
                                0, buffer, Int32(block.count))
                        }
                        reduce(
                            &accumulator,
                            ProductTile(
                                rowStart: unitRows.lowerBound, rowCount: unitRows.count,
                                columnStart: block.lowerBound, columnCount: block.count,
                                values: UnsafeMutableBufferPointer(
                                    start: buffer, count: unitRows.count * block.count)))
                    }
                    return accumulator
                }
            }
        }
    }
}

/// The tiled product `A * B^T` by panels of rows of A, with a per-tile reduction: each
/// panel of `tiles.rows` rows of A is one unit of the tiled-product loop nest against every row of B.
///
/// - Parameters:
///   - a: `m x k`.
///   - b: `n x k` (same column count as `a`).
///   - tiles: tile shape; memory is `threads x tiles.rows x tiles.columns` scalars.
///   - threads: worker count (`nil`: ``Parallel/defaultThreadCount``).
///   - initial: makes a panel's empty accumulator.
///   - reduce: folds one tile into the accumulator; called on worker threads, one panel at
///     a time per accumulator, tiles in column order.
/// - Returns: the accumulators in panel order (independent of the thread count).
/// - Throws: ``AgentEconomiesError/shapeMismatch(field:expected:actual:)`` when the column
///   counts differ, ``AgentEconomiesError/outOfRange(field:value:requirement:)`` for a tile
///   side below 1 or a dimension beyond BLAS's 32-bit sizes.
/// - Complexity: O(m n k) arithmetic; O(tiles.rows x tiles.columns) memory per thread.
public func tiledProductTransposed<Scalar: BLASScalar, Accumulator>(
    _ a: Matrix<Scalar>, _ b: Matrix<Scalar>, tiles: TileShape = TileShape(), threads: Int? = nil,
    initial: () -> Accumulator,
    reduce: (inout Accumulator, ProductTile<Scalar>) -> Void
) throws -> [Accumulator] {
    if a.columns != b.columns {
        throw AgentEconomiesError.shapeMismatch(
            field: "tiledProductTransposed.b", expected: "\(a.columns) columns",
            actual: "\(b.columns) columns")
    }
    try tiles.validate()
    let m = a.rows, n = b.rows, k = a.columns
    _ = try BLAS.int32(max(m, n, k), "tiledProductTransposed dimension")
    _ = try BLAS.int32(min(tiles.rows, max(m, 1)) * min(tiles.columns, max(n, 1)), "tiledProductTransposed tile")
    let panelRows = tiles.rows, tileColumns = min(tiles.columns, max(n, 1))
    let workers = threads ?? Parallel.defaultThreadCount
    return a.withUnsafeBufferPointer { aBuffer in
        b.withUnsafeBufferPointer { bBuffer in
            TiledProduct(a: aBuffer.baseAddress, b: bBuffer.baseAddress, depth: k, tileColumns: tileColumns)
                .run(
                    units: Parallel.chunkCount(m, chunkSize: panelRows),
                    rows: { Parallel.range(ofChunk: $0, chunkSize: panelRows, count: m) },
                    columns: { _ in 0..<n }, threads: workers, initial: { _ in initial() }, reduce: reduce)
        }
    }
}
