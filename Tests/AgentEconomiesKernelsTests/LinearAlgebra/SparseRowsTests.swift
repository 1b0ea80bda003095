import AgentEconomiesKernels
import Testing

/// `SparseRows` (CSR kept in append order): validation, access, dense form, row dots in
/// stored order, blocked column sums and column scaling.
@Suite("SparseRows")
struct SparseRowsTests {
    /// Row 0: columns 2, 0 (in that order); row 1: empty; row 2: column 1.
    func example() throws -> SparseRows {
        try SparseRows(columnCount: 3, rowOffsets: [0, 2, 2, 3], columns: [2, 0, 1], values: [1.5, -2, 4])
    }

    @Test("valid CSR arrays are accepted as given")
    func valid() throws {
        let rows = try example()
        #expect(rows.rowCount == 3)
        #expect(rows.columnCount == 3)
        #expect(rows.rowOffsets == [0, 2, 2, 3])
        let empty = try SparseRows(rows: 4, columnCount: 2)
        #expect(empty.rowCount == 4 && empty.values.isEmpty)
        #expect(empty.dense().storage == [Double](repeating: 0, count: 8))
    }

    @Test(
        "bad offsets throw",
        arguments: [
            ([Int](), "SparseRows.rowOffsets", "shapeMismatch"),
            ([1, 3], "SparseRows.rowOffsets", "shapeMismatch"),
            ([0, 2], "SparseRows.rowOffsets", "shapeMismatch"),
            ([0, 1, 4], "SparseRows.rowOffsets", "shapeMismatch"),
            ([0, 2, 1, 3], "SparseRows.rowOffsets[2]", "outOfRange"),
        ])
    func badOffsets(_ offsets: [Int], _ field: String, _ kind: String) {
        let error = #expect(throws: AgentEconomiesError.self) {
            try SparseRows(columnCount: 3, rowOffsets: offsets, columns: [0, 1, 2], values: [1, 2, 3])
        }
        #expect(error?.field == field)
        #expect(error?.kind == kind)
    }

    @Test("a column out of range throws naming the entry", arguments: [Int32(3), -1])
    func columnOutOfRange(_ column: Int32) {
        let error = #expect(throws: AgentEconomiesError.self) {
            try SparseRows(columnCount: 3, rowOffsets: [0, 2], columns: [0, column], values: [1, 2])
        }
        #expect(error?.kind == "outOfRange")
        #expect(error?.field == "SparseRows.columns[1]")
    }

    @Test("values and columns of different lengths, or a negative column count, throw")
    func lengthMismatch() {
        let error = #expect(throws: AgentEconomiesError.self) {
            try SparseRows(columnCount: 3, rowOffsets: [0, 2], columns: [0, 1], values: [1])
        }
        #expect(error?.kind == "shapeMismatch")
        #expect(error?.field == "SparseRows.values")
        let negative = #expect(throws: AgentEconomiesError.self) {
            try SparseRows(columnCount: -1, rowOffsets: [0], columns: [], values: [])
        }
        #expect(negative?.field == "SparseRows.columnCount")
    }

    @Test("row() lists the entries in stored order")
    func rowAccess() throws {
        let rows = try example()
        #expect(rows.row(0).map(\.column) == [2, 0])
        #expect(rows.row(0).map(\.value) == [1.5, -2])
        #expect(rows.row(1).isEmpty)
        #expect(rows.row(2).map(\.column) == [1])
        #expect(rows.row(2).map(\.value) == [4])
    }

    @Test("dense() places every entry")
    func dense() throws {
        let matrix = try example().dense()
        #expect(matrix.rows == 3 && matrix.columns == 3)
        #expect(matrix.storage == [-2, 0, 1.5, 0, 0, 0, 0, 4, 0])
    }

    @Test("rowDots sums in stored order")
    func rowDots() throws {
        // In stored order 1e16 + 1 rounds back to 1e16 and the sum is 0; sorted by column it would be 1.
        let rows = try SparseRows(
            columnCount: 3, rowOffsets: [0, 3, 4], columns: [2, 0, 1, 1],
            values: [1e16, 1, -1e16, 3])
        let weights = try Matrix<Double>([[1, 1, 1], [0.5, 0.25, 8]])
        #expect(try rows.rowDots(weights) == [0, 0.75])
        #expect(try rows.rowDots([1, 1, 1]) == [0, 3])
        #expect(try rows.rowDots([2, 3, 0.5]) == [((0.5 * 1e16) + 2 * 1) + 3 * -1e16, 9])
    }

    @Test("rowDots with mis-shaped weights throws")
    func rowDotsErrors() throws {
        let rows = try example()
        let matrix = #expect(throws: AgentEconomiesError.self) {
            try rows.rowDots(try Matrix<Double>(rows: 3, columns: 2))
        }
        #expect(matrix?.kind == "shapeMismatch")
        #expect(matrix?.field == "SparseRows.rowDots weights")
        let vector = #expect(throws: AgentEconomiesError.self) { try rows.rowDots([1, 2]) }
        #expect(vector?.field == "SparseRows.rowDots vector")
    }

    /// A random sparse matrix: each row holds up to `columnCount` distinct columns in random order.
    func randomRows(_ rowCount: Int, columnCount: Int, seed: UInt64) throws -> SparseRows {
        var generator = FastRandom(seed: seed)
        var offsets = [0], columns: [Int32] = [], values: [Double] = []
        for _ in 0..<rowCount {
            let chosen = (0..<columnCount).shuffled(using: &generator).prefix(Int(generator.next() % 4))
            for column in chosen {
                columns.append(Int32(column))
                values.append(generator.uniform(0, 100) / 7)
            }
            offsets.append(columns.count)
        }
        return try SparseRows(columnCount: columnCount, rowOffsets: offsets, columns: columns, values: values)
    }

    /// Column sums by a plain loop over the rows, entry by entry in stored order.
    func plainColumnSums(_ rows: SparseRows, rowRange: Range<Int>? = nil) -> [Double] {
        var totals = [Double](repeating: 0, count: rows.columnCount)
        for row in rowRange ?? 0..<rows.rowCount {
            for entry in rows.row(row) { totals[entry.column] += entry.value }
        }
        return totals
    }

    @Test("columnSums equals a plain loop for up to blockRows rows", arguments: [0, 1, 300, 1024])
    func columnSumsSmall(_ rowCount: Int) throws {
        let rows = try randomRows(rowCount, columnCount: 6, seed: UInt64(rowCount))
        #expect(rows.columnSums() == plainColumnSums(rows))
    }

    @Test("columnSums over several blocks adds the block sums in block order")
    func columnSumsLarge() throws {
        let rows = try randomRows(5000, columnCount: 6, seed: 99)
        let sums = rows.columnSums()
        let plain = plainColumnSums(rows)
        for (x, y) in zip(sums, plain) { #expect(isClose(x, y, relative: 1e-12)) }
        var blocked = [Double](repeating: 0, count: 6)
        for start in stride(from: 0, to: 5000, by: 1024) {
            let block = plainColumnSums(rows, rowRange: start..<min(5000, start + 1024))
            blocked = start == 0 ? block : zip(blocked, block).map(+)
        }
        #expect(sums == blocked)
        let small = rows.columnSums(blockRows: 7)
        for (x, y) in zip(small, plain) { #expect(isClose(x, y, relative: 1e-12)) }
    }

    @Test("scaleColumns multiplies each column by its factor")
    func scaleColumns() throws {
        var rows = try example()
        try rows.scaleColumns(by: [10, 1, 0.5])
        #expect(rows.values == [0.75, -20, 4])
        #expect(rows.columns == [2, 0, 1])
        let error = #expect(throws: AgentEconomiesError.self) { try rows.scaleColumns(by: [1, 2]) }
        #expect(error?.field == "SparseRows.scaleColumns factors")
        #expect(rows.values == [0.75, -20, 4])
    }

    @Test("a huge column count with few entries is validated without a marker per column, repeats still refused")
    func hugeColumnCount() throws {
        // 2^31 - 1 columns: a marker per column would take 16 GiB (it did, and 43 s).
        let wide = Int(Int32.max)
        let rows = try SparseRows(
            columnCount: wide, rowOffsets: [0, 2, 3], columns: [Int32.max - 1, 5, Int32.max - 1], values: [1, 2, 3])
        #expect(rows.rowCount == 2)
        for columnCount in [wide, 8] {
            // Row 1 repeats column 5 at index 4 (and column 7 at index 5): the first repeat is named.
            let error = #expect(throws: AgentEconomiesError.self) {
                try SparseRows(
                    columnCount: columnCount, rowOffsets: [0, 2, 6], columns: [1, 2, 5, 7, 5, 7],
                    values: [1, 1, 1, 1, 1, 1])
            }
            #expect(error?.field == "SparseRows.columns[4]", "\(columnCount) columns")
        }
        #expect(throws: AgentEconomiesError.self) {
            try SparseRows(columnCount: wide, rowOffsets: [0, 1], columns: [-1], values: [1])
        }
    }
}
