/// A sparse matrix in compressed sparse row (CSR) form whose entries keep the order in
/// which they were appended within each row.
///
/// Row `i` holds the entries `rowOffsets[i]..<rowOffsets[i + 1]` of `columns` and `values`.
/// The auction keeps each agent's bundle here in the order the agent bought the resources
/// (best value per price first), the order every per-agent sum of the reference runs in.
public struct SparseRows: Equatable, Sendable {
    /// Number of columns of the dense matrix.
    public let columnCount: Int
    /// Row start offsets; `rowCount + 1` entries, the last equal to the number of entries.
    public internal(set) var rowOffsets: [Int]
    /// Column index of each entry.
    public internal(set) var columns: [Int32]
    /// Value of each entry.
    public internal(set) var values: [Double]

    /// Number of rows.
    public var rowCount: Int { rowOffsets.count - 1 }

    /// An empty matrix with `rows` rows and no entries.
    ///
    /// - Throws: ``AgentEconomiesError/outOfRange(field:value:requirement:)`` for a negative count.
    /// - Complexity: O(rows) for the zero offsets.
    public init(rows: Int, columnCount: Int) throws {
        try Validate.atLeast(rows, 0, "SparseRows.rows")
        try Validate.atLeast(columnCount, 0, "SparseRows.columnCount")
        self.init(uncheckedRows: rows, columnCount: columnCount)
    }

    /// A matrix from CSR arrays already known to be consistent.
    init(columnCount: Int, uncheckedOffsets: [Int], columns: [Int32], values: [Double]) {
        self.columnCount = columnCount
        self.rowOffsets = uncheckedOffsets
        self.columns = columns
        self.values = values
    }

    /// An empty matrix; the counts are known to be valid.
    init(uncheckedRows rows: Int, columnCount: Int) {
        self.columnCount = columnCount
        self.rowOffsets = [Int](repeating: 0, count: rows + 1)
        self.columns = []
        self.values = []
    }

    /// The first entry (index, row) whose column repeats an earlier column of its row, or nil.
    /// A marker per column when the columns are few against the entries (O(rows + entries +
    /// columns)); otherwise each row's columns sorted (O(entries log row length)), so a huge
    /// column count with few entries (hashed IDs as columns) allocates nothing per column.
    static func repeatedColumn(columnCount: Int, rowOffsets: [Int], columns: [Int32]) -> (index: Int, row: Int)? {
        if columnCount <= 2 * columns.count + 1_024 {
            var lastRowSeen = [Int](repeating: -1, count: columnCount)
            for row in 0..<(rowOffsets.count - 1) {
                for index in rowOffsets[row]..<rowOffsets[row + 1] {
                    if lastRowSeen[Int(columns[index])] == row { return (index, row) }
                    lastRowSeen[Int(columns[index])] = row
                }
            }
            return nil
        }
        var scratch: [(column: Int32, index: Int)] = []
        for row in 0..<(rowOffsets.count - 1) where rowOffsets[row + 1] - rowOffsets[row] > 1 {
            scratch.removeAll(keepingCapacity: true)
            for index in rowOffsets[row]..<rowOffsets[row + 1] { scratch.append((columns[index], index)) }
            scratch.sort { $0.column != $1.column ? $0.column < $1.column : $0.index < $1.index }
            var first: Int?
            for position in 1..<scratch.count where scratch[position].column == scratch[position - 1].column {
                first = min(first ?? Int.max, scratch[position].index)
            }
            if let first { return (first, row) }
        }
        return nil
    }

    /// A matrix from raw CSR arrays.
    ///
    /// - Throws: ``AgentEconomiesError`` when the offsets are not non-decreasing from 0 to the
    ///   entry count, the arrays' lengths differ, a column index is out of range, or a column
    ///   appears twice in one row.
    /// - Complexity: O(rows + entries + columns) when the columns are few against the entries
    ///   (one marker per column finds repeated columns), else O(rows + entries log(longest row)).
    public init(columnCount: Int, rowOffsets: [Int], columns: [Int32], values: [Double]) throws {
        try Validate.atLeast(columnCount, 0, "SparseRows.columnCount")
        try Validate.count(values.count, columns.count, "SparseRows.values")
        guard let first = rowOffsets.first, first == 0, rowOffsets.last == columns.count else {
            throw AgentEconomiesError.shapeMismatch(
                field: "SparseRows.rowOffsets",
                expected: "0 ... \(columns.count)",
                actual: "\(rowOffsets.first ?? -1) ... \(rowOffsets.last ?? -1)")
        }
        for index in 1..<rowOffsets.count where rowOffsets[index] < rowOffsets[index - 1] {
            throw AgentEconomiesError.outOfRange(
                field: "SparseRows.rowOffsets[\(index)]", value: "\(rowOffsets[index])",
                requirement: ">= \(rowOffsets[index - 1])")
        }
        for (index, column) in columns.enumerated() where column < 0 || Int(column) >= columnCount {
            throw AgentEconomiesError.outOfRange(
                field: "SparseRows.columns[\(index)]", value: "\(column)", requirement: "in 0..<\(columnCount)")
        }
        if let (index, row) = Self.repeatedColumn(columnCount: columnCount, rowOffsets: rowOffsets, columns: columns) {
            throw AgentEconomiesError.outOfRange(
                field: "SparseRows.columns[\(index)]", value: "\(columns[index])",
                requirement: "not repeated within row \(row)")
        }
        self.columnCount = columnCount
        self.rowOffsets = rowOffsets
        self.columns = columns
        self.values = values
    }

    /// The entries of row `index` as (column, value) pairs, in stored order.
    ///
    /// - Complexity: O(entries of the row), in a new array.
    public func row(_ index: Int) -> [(column: Int, value: Double)] {
        (rowOffsets[index]..<rowOffsets[index + 1]).map { (Int(columns[$0]), values[$0]) }
    }

    /// The dense `rowCount x columnCount` matrix.
    ///
    /// - Complexity: O(rows x columns) time and memory.
    public func dense() -> Matrix<Double> {
        var storage = [Double](repeating: 0, count: rowCount * columnCount)
        for row in 0..<rowCount {
            for entry in rowOffsets[row]..<rowOffsets[row + 1] {
                storage[row * columnCount + Int(columns[entry])] = values[entry]
            }
        }
        return Matrix(uncheckedRows: rowCount, columns: columnCount, storage: storage)
    }

    /// For every row, the sum over its entries, in stored order, of `values[e] * weights[row][columns[e]]`.
    ///
    /// With `weights` = valuations this is each agent's utility of its own bundle, summed
    /// in the reference's order.
    ///
    /// Rows over up to `threads` workers (each row's sum is the same for any count).
    ///
    /// - Complexity: O(rows + entries), divided over the workers.
    public func rowDots(_ weights: Matrix<Double>, threads: Int? = nil) throws -> [Double] {
        if weights.rows != rowCount || weights.columns != columnCount {
            throw AgentEconomiesError.shapeMismatch(
                field: "SparseRows.rowDots weights",
                expected: "\(rowCount) x \(columnCount)",
                actual: "\(weights.rows) x \(weights.columns)")
        }
        return weights.withUnsafeBufferPointer { buffer in
            let w = UncheckedSendable(buffer)
            return Parallel.makeArray(count: rowCount, chunkSize: Self.dotChunkRows, threads: threads) { rows, output in
                for (slot, row) in rows.enumerated() {
                    var sum = 0.0
                    let base = row * columnCount
                    for entry in rowOffsets[row]..<rowOffsets[row + 1] {
                        sum += w.value[base + Int(columns[entry])] * values[entry]
                    }
                    output[slot] = sum
                }
            }
        }
    }

    /// Rows per chunk of ``rowDots(_:threads:)``.
    static let dotChunkRows = 1 << 14

    /// For every row, the sum over its entries, in stored order, of `vector[column] * value`.
    ///
    /// With `vector` = prices this is the cost of each bundle.
    ///
    /// Rows over up to `threads` workers (each row's sum is the same for any count).
    ///
    /// - Complexity: O(rows + entries), divided over the workers.
    public func rowDots(_ vector: [Double], threads: Int? = nil) throws -> [Double] {
        try Validate.count(vector.count, columnCount, "SparseRows.rowDots vector")
        return Parallel.makeArray(count: rowCount, chunkSize: Self.dotChunkRows, threads: threads) { rows, output in
            for (slot, row) in rows.enumerated() {
                var sum = 0.0
                for entry in rowOffsets[row]..<rowOffsets[row + 1] {
                    sum += vector[Int(columns[entry])] * values[entry]
                }
                output[slot] = sum
            }
        }
    }

    /// Column sums, accumulated row by row in blocks of `blockRows` rows and the block sums
    /// added in block order: the same bits for any thread count, and for up to `blockRows`
    /// rows the same bits as a plain loop over the rows.
    ///
    /// - Precondition: `blockRows > 0`.
    /// - Complexity: O(entries + blocks x columns).
    public func columnSums(blockRows: Int = AuctionKernels.blockRows) -> [Double] {
        AuctionKernels.sumInBlockOrder(flat: columnBlockSums(blockRows: blockRows), resources: columnCount)
    }

    /// Each block's (`blockRows` rows) column sums, accumulated row by row, block after
    /// block (`blocks x columnCount` values): rows split into consecutive whole blocks give
    /// the same values, which ``columnSums(blockRows:)`` adds in block order.
    ///
    /// - Precondition: `blockRows > 0`.
    /// - Complexity: O(entries + blocks x columns), on one thread.
    package func columnBlockSums(blockRows: Int = AuctionKernels.blockRows) -> [Double] {
        precondition(blockRows > 0, "SparseRows.columnBlockSums: blockRows must be positive")
        let blocks = Parallel.chunkCount(rowCount, chunkSize: blockRows)
        var partials = [Double](repeating: 0, count: blocks * columnCount)
        for block in 0..<blocks {
            let rows = Parallel.range(ofChunk: block, chunkSize: blockRows, count: rowCount)
            let base = block * columnCount
            for entry in rowOffsets[rows.lowerBound]..<rowOffsets[rows.upperBound] {
                partials[base + Int(columns[entry])] += values[entry]
            }
        }
        return partials
    }

    /// Multiplies every entry in column `c` by `factors[c]`.
    ///
    /// - Complexity: O(entries).
    public mutating func scaleColumns(by factors: [Double]) throws {
        try Validate.count(factors.count, columnCount, "SparseRows.scaleColumns factors")
        for entry in values.indices {
            let factor = factors[Int(columns[entry])]
            if factor != 1 { values[entry] *= factor }
        }
    }
}
