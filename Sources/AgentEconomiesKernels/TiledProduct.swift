/// One tile of a product `A * B^T`, handed to a reducer and dropped afterwards.
///
/// The tile covers rows `rowStart..<rowStart + rowCount` of A (rows of the product) and
/// rows `columnStart..<columnStart + columnCount` of B (columns of the product). Its values
/// are valid only during the reducer call.
public struct ProductTile<Scalar: BLASScalar> {
    /// First product row (row of A) in the tile.
    public let rowStart: Int
    /// Number of product rows in the tile.
    public let rowCount: Int
    /// First product column (row of B) in the tile.
    public let columnStart: Int
    /// Number of product columns in the tile.
    public let columnCount: Int
    /// The tile's values, row-major, `rowCount x columnCount`. The buffer is scratch owned
    /// by the tiling loop: a reducer may overwrite entries (say, to mask the diagonal).
    public let values: UnsafeMutableBufferPointer<Scalar>

    /// The product entry at global position (`row`, `column`), which must lie in the tile.
    @inlinable
    public subscript(row: Int, column: Int) -> Scalar {
        values[(row - rowStart) * columnCount + (column - columnStart)]
    }
}

/// The tiled product `A * B^T` with a per-tile reduction: the loop structure of the envy
/// check and of the dense similarity kernels.
///
/// The `rows(A) x rows(B)` product is never stored: the rows of A are cut into panels of
/// `tileRows`, each panel is multiplied against blocks of `tileColumns` rows of B with one
/// GEMM per tile into a scratch buffer, and `reduce` folds the tile into the panel's
/// accumulator before the buffer is reused. Panels are spread over the threads of
/// ``Parallel/forEach(chunks:threads:_:)``, each calling BLAS with one BLAS thread; within a
/// panel the tiles run in column order. The accumulators are returned in panel order, so
/// the result does not depend on the thread count.
///
/// ```
/// for panel in row panels (parallel)            // rows of A
///     accumulator = initial()
///     for block in column blocks                 // rows of B
///         tile = A[panel] * B[block]^T           // one GEMM, tileRows x tileColumns
///         reduce(&accumulator, tile)             // count, collect, max ... then drop the tile
/// ```
///
/// - Parameters:
///   - a: `m x k`. - b: `n x k` (same column count as `a`).
///   - tileRows, tileColumns: tile shape; memory is `threads x tileRows x tileColumns`.
///   - threads: worker count (`nil`: ``Parallel/defaultThreadCount``).
///   - initial: makes a panel's empty accumulator.
///   - reduce: folds one tile into the accumulator; called on worker threads, one panel at
///     a time per accumulator.
/// - Throws: ``AgentEconomiesError/shapeMismatch(field:expected:actual:)`` when the column
///   counts differ, ``AgentEconomiesError/outOfRange(field:value:requirement:)`` for a tile
///   size below 1.
/// - Complexity: O(m n k) arithmetic; O(tileRows x tileColumns) memory per thread.
public func tiledProductTransposed<Scalar: BLASScalar, Accumulator>(
    _ a: Matrix<Scalar>, _ b: Matrix<Scalar>,
    tileRows: Int = 256, tileColumns: Int = 1024, threads: Int? = nil,
    initial: () -> Accumulator,
    reduce: (inout Accumulator, ProductTile<Scalar>) -> Void
) throws -> [Accumulator] {
    if a.columns != b.columns {
        throw AgentEconomiesError.shapeMismatch(field: "tiledProductTransposed.b", expected: "\(a.columns) columns",
                                                actual: "\(b.columns) columns")
    }
    try Validate.atLeast(tileRows, 1, "tiledProductTransposed.tileRows")
    try Validate.atLeast(tileColumns, 1, "tiledProductTransposed.tileColumns")
    let m = a.rows, n = b.rows, k = a.columns
    _ = try BLAS.int32(max(m, n, k), "tiledProductTransposed dimension")
    let panels = Parallel.chunkCount(m, chunkSize: tileRows)
    if panels == 0 { return [] }
    var accumulators = (0..<panels).map { _ in Optional<Accumulator>.none }
    let workers = min(panels, max(1, threads ?? Parallel.defaultThreadCount))
    let scratchSize = min(tileRows, m) * min(tileColumns, max(n, 1))
    var scratch = [Scalar](repeating: 0, count: workers * scratchSize)
    a.withUnsafeBufferPointer { aBuffer in
        b.withUnsafeBufferPointer { bBuffer in
            scratch.withUnsafeMutableBufferPointer { scratchBuffer in
                accumulators.withUnsafeMutableBufferPointer { slots in
                    let shared = SharedMutablePointer(slots.baseAddress!)
                    let tiles = SharedMutablePointer(scratchBuffer.baseAddress!)
                    BLAS.withThreads(workers > 1 ? 1 : BLAS.threads) {
                        Parallel.forEach(chunks: workers, threads: workers) { worker in
                            let buffer = tiles.base + worker * scratchSize
                            var panel = worker
                            while panel < panels {
                                let rows = Parallel.range(ofChunk: panel, chunkSize: tileRows, count: m)
                                var accumulator = initial()
                                var columnStart = 0
                                while columnStart < n {
                                    let columnCount = min(tileColumns, n - columnStart)
                                    if k == 0 {
                                        buffer.update(repeating: 0, count: rows.count * columnCount)
                                    } else {
                                        Scalar._gemm(CblasNoTransValue, CblasTransValue, Int32(rows.count),
                                                     Int32(columnCount), Int32(k), 1,
                                                     aBuffer.baseAddress! + rows.lowerBound * k, Int32(k),
                                                     bBuffer.baseAddress! + columnStart * k, Int32(k),
                                                     0, buffer, Int32(columnCount))
                                    }
                                    let tile = ProductTile(rowStart: rows.lowerBound, rowCount: rows.count,
                                                           columnStart: columnStart, columnCount: columnCount,
                                                           values: UnsafeMutableBufferPointer(start: buffer,
                                                                                       count: rows.count * columnCount))
                                    reduce(&accumulator, tile)
                                    columnStart += columnCount
                                }
                                shared[panel] = accumulator
                                panel += workers
                            }
                        }
                    }
                }
            }
        }
    }
    return accumulators.map { $0! }
}
