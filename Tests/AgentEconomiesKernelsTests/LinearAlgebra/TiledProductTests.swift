import AgentEconomiesKernels
import Testing
import Workloads

/// `tiledProductTransposed`: the tiles reassemble `A * B^T`, each tile is visited once,
/// accumulators come back one per row panel in order, and invalid arguments throw.
@Suite("Tiled product A * B^T")
struct TiledProductTests {
    /// A copy of one tile, kept by the reducer.
    struct TileCopy<S: BLASScalar> {
        let rowStart, rowCount, columnStart, columnCount: Int
        let values: [S]
    }

    /// Runs the tiled product with a reducer that copies every tile.
    func tiles<S: BLASScalar>(
        _ a: Matrix<S>, _ b: Matrix<S>, tileRows: Int, tileColumns: Int,
        threads: Int
    ) throws -> [[TileCopy<S>]] {
        try tiledProductTransposed(
            a, b, tiles: TileShape(rows: tileRows, columns: tileColumns), threads: threads,
            initial: { [TileCopy<S>]() }
        ) { panel, tile in
            // The subscript addresses the tile by global position.
            let lastRow = tile.rowStart + tile.rowCount - 1, lastColumn = tile.columnStart + tile.columnCount - 1
            precondition(tile[lastRow, lastColumn] == tile.values[tile.values.count - 1])
            panel.append(
                TileCopy(
                    rowStart: tile.rowStart, rowCount: tile.rowCount, columnStart: tile.columnStart,
                    columnCount: tile.columnCount, values: Array(tile.values)))
        }
    }

    /// Puts the tiles into a full matrix and counts how often each entry was covered.
    func assemble<S: BLASScalar>(_ panels: [[TileCopy<S>]], rows: Int, columns: Int) throws -> (Matrix<S>, [Int]) {
        var result = try Matrix<S>(rows: rows, columns: columns)
        var visits = [Int](repeating: 0, count: rows * columns)
        for tile in panels.joined() {
            for i in 0..<tile.rowCount {
                for j in 0..<tile.columnCount {
                    result[tile.rowStart + i, tile.columnStart + j] = tile.values[i * tile.columnCount + j]
                    visits[(tile.rowStart + i) * columns + tile.columnStart + j] += 1
                }
            }
        }
        return (result, visits)
    }

    @Test(
        "tiles reassemble BLAS.product(a, b, transposeB: true)",
        arguments: [(1, 1), (3, 5), (7, 64), (100, 200)], [1, 2, 3])
    func reassembles(_ shape: (Int, Int), _ threads: Int) throws {
        let (tileRows, tileColumns) = shape
        let a = Matrices.uniform(23, 9, seed: 1, as: Double.self)
        let b = Matrices.uniform(70, 9, seed: 2, as: Double.self)
        let panels = try tiles(a, b, tileRows: tileRows, tileColumns: tileColumns, threads: threads)
        let (result, visits) = try assemble(panels, rows: 23, columns: 70)
        #expect(visits.allSatisfy { $0 == 1 })
        let reference = naiveProduct(a, b, transposeB: true)
        #expect(matches(result, reference, relative: 1e-12))
        let blas = try BLAS.product(a, b, transposeB: true)
        for (x, y) in zip(result.storage, blas.storage) { #expect(isClose(x, y, relative: 1e-12)) }
    }

    @Test("Float tiles reassemble the product", arguments: [1, 2])
    func float(_ threads: Int) throws {
        let a = Matrices.uniform(17, 33, seed: 3, as: Float.self)
        let b = Matrices.uniform(12, 33, seed: 4, as: Float.self)
        let panels = try tiles(a, b, tileRows: 4, tileColumns: 5, threads: threads)
        let (result, visits) = try assemble(panels, rows: 17, columns: 12)
        #expect(visits.allSatisfy { $0 == 1 })
        #expect(matches(result, naiveProduct(a, b, transposeB: true), relative: 1e-4))
    }

    @Test("one accumulator per row panel, in order, with tiles in column order", arguments: [1, 2, 3])
    func panelOrder(_ threads: Int) throws {
        let a = Matrices.uniform(23, 4, seed: 5, as: Double.self)
        let b = Matrices.uniform(11, 4, seed: 6, as: Double.self)
        let panels = try tiles(a, b, tileRows: 5, tileColumns: 3, threads: threads)
        #expect(panels.count == 5)  // rows 0-4, 5-9, 10-14, 15-19, 20-22
        for (index, panel) in panels.enumerated() {
            #expect(panel.map(\.rowStart) == [Int](repeating: 5 * index, count: 4))
            #expect(panel.map(\.rowCount) == [Int](repeating: index == 4 ? 3 : 5, count: 4))
            #expect(panel.map(\.columnStart) == [0, 3, 6, 9])
            #expect(panel.map(\.columnCount) == [3, 3, 3, 2])
        }
    }

    @Test("the result does not depend on the thread count")
    func threadIndependent() throws {
        let a = Matrices.uniform(40, 30, seed: 7, as: Double.self)
        let b = Matrices.uniform(50, 30, seed: 8, as: Double.self)
        let one = try assemble(tiles(a, b, tileRows: 6, tileColumns: 16, threads: 1), rows: 40, columns: 50).0
        for threads in [2, 3, 8] {
            let many = try assemble(tiles(a, b, tileRows: 6, tileColumns: 16, threads: threads), rows: 40, columns: 50)
                .0
            #expect(many == one, "threads \(threads)")
        }
    }

    @Test("an empty inner dimension gives zero tiles; an empty B gives empty panels")
    func emptyOperands() throws {
        let a = try Matrix<Double>(rows: 3, columns: 0)
        let b = try Matrix<Double>(rows: 4, columns: 0)
        let panels = try tiles(a, b, tileRows: 2, tileColumns: 3, threads: 2)
        #expect(panels.count == 2)
        let (result, visits) = try assemble(panels, rows: 3, columns: 4)
        #expect(visits.allSatisfy { $0 == 1 })
        #expect(result.storage == [Double](repeating: 0, count: 12))

        let noColumns = try tiles(
            Matrices.uniform(5, 2, seed: 9, as: Double.self), try Matrix<Double>(rows: 0, columns: 2),
            tileRows: 2, tileColumns: 3, threads: 2)
        #expect(noColumns.count == 3)
        #expect(noColumns.allSatisfy { $0.isEmpty })
    }

    @Test("a zero-row A returns [] without making an accumulator")
    func zeroRowA() throws {
        var made = 0
        let result = try tiledProductTransposed(
            try Matrix<Double>(rows: 0, columns: 3),
            Matrices.uniform(4, 3, seed: 1, as: Double.self),
            initial: {
                made += 1; return 0
            }
        ) { _, _ in }
        #expect(result.isEmpty)
        #expect(made == 0)
    }

    @Test("mismatched column counts and tile sizes below 1 throw")
    func errors() {
        let a = Matrices.uniform(3, 4, seed: 1, as: Double.self)
        let b = Matrices.uniform(3, 5, seed: 2, as: Double.self)
        let mismatch = #expect(throws: AgentEconomiesError.self) {
            try tiledProductTransposed(a, b, initial: { 0 }) { _, _ in }
        }
        #expect(mismatch?.kind == "shapeMismatch")
        #expect(mismatch?.field == "tiledProductTransposed.b")
        let rows = #expect(throws: AgentEconomiesError.self) {
            try tiledProductTransposed(a, a, tiles: TileShape(rows: 0), initial: { 0 }) { _, _ in }
        }
        #expect(rows?.kind == "outOfRange")
        #expect(rows?.field == "TileShape.rows")
        let columns = #expect(throws: AgentEconomiesError.self) {
            try tiledProductTransposed(a, a, tiles: TileShape(columns: 0), initial: { 0 }) { _, _ in }
        }
        #expect(columns?.field == "TileShape.columns")
    }

    @Test("a reducer may overwrite the tile (the diagonal mask of the envy check)")
    func reducerMayWrite() throws {
        let a = Matrices.uniform(9, 3, seed: 11, as: Double.self)
        let sums = try tiledProductTransposed(
            a, a, tiles: TileShape(rows: 4, columns: 4), threads: 2,
            initial: { 0.0 }
        ) { total, tile in
            for i in 0..<tile.rowCount {
                for j in 0..<tile.columnCount where tile.rowStart + i == tile.columnStart + j {
                    tile.values[i * tile.columnCount + j] = 0
                }
            }
            total += tile.values.reduce(0, +)
        }
        #expect(sums.count == 3)
        let full = try BLAS.product(a, a, transposeB: true)
        var expected = 0.0
        for i in 0..<9 { for j in 0..<9 where i != j { expected += full[i, j] } }
        #expect(isClose(sums.reduce(0, +), expected, scale: full.storage.map(abs).reduce(0, +), relative: 1e-12))
    }
}
