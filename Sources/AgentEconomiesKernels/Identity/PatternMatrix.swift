/// Agents' interaction patterns: an `agents x counterparties` matrix of counts in compressed
/// sparse row form, each row's columns sorted ascending.
///
/// A stored entry is a *key* of its row's pattern even when its count is 0 (the reference's
/// patterns are dictionaries, and a key with count 0 is still a key); an absent entry is not.
/// The column order is the canonical order in which every similarity sums over shared keys,
/// so the dense and the sparse join give bit-identical scores.
public struct PatternMatrix: Sendable, Equatable {
    /// Number of counterparties (columns).
    public let columnCount: Int
    /// Row start offsets, `rowCount + 1` entries, the last equal to ``entryCount``.
    public let rowOffsets: [Int]
    /// Column of each entry, ascending within each row.
    public let columns: [Int32]
    /// Count of each entry (finite; may be 0 or negative).
    public let values: [Double]
    /// Whether some count is negative (this voids the combined metric's Jaccard bound).
    public let hasNegativeCounts: Bool

    /// Number of agents (rows).
    public var rowCount: Int { rowOffsets.count - 1 }
    /// Number of stored keys.
    public var entryCount: Int { columns.count }
    /// Stored keys over `rows x columns` (0 for an empty matrix).
    public var density: Double {
        let cells = Double(rowCount) * Double(columnCount)
        return cells > 0 ? Double(entryCount) / cells : 0
    }

    /// Patterns from CSR arrays whose rows may list their columns in any order; each row is
    /// sorted by column.
    ///
    /// - Throws: ``AgentEconomiesError`` naming the field when the offsets are not
    ///   non-decreasing from 0 to the entry count, the arrays' lengths differ, a column is out
    ///   of range or repeated within a row, or a count is NaN or infinite.
    /// - Complexity: O(rows + entries log(longest row)).
    public init(columnCount: Int, rowOffsets: [Int], columns: [Int32], values: [Double]) throws {
        let rows = try SparseRows(columnCount: columnCount, rowOffsets: rowOffsets, columns: columns, values: values)
        try self.init(rows)
    }

    /// Patterns from a ``SparseRows`` matrix (each row sorted by column).
    ///
    /// - Throws: ``AgentEconomiesError/notFinite(field:value:)`` naming the first NaN or
    ///   infinite count.
    /// - Complexity: O(rows + entries), plus O(entries log(longest row)) for rows that are
    ///   not sorted yet.
    public init(_ rows: SparseRows) throws {
        for (index, value) in rows.values.enumerated() where !value.isFinite {
            throw AgentEconomiesError.notFinite(field: "PatternMatrix.values[\(index)]", value: value)
        }
        var columns = rows.columns
        var values = rows.values
        for row in 0..<rows.rowCount {
            let range = rows.rowOffsets[row]..<rows.rowOffsets[row + 1]
            var sorted = true
            for index in range.dropFirst() where columns[index] < columns[index - 1] { sorted = false; break }
            if sorted { continue }
            let entries = range.map { (columns[$0], values[$0]) }.sorted { $0.0 < $1.0 }
            for (offset, entry) in entries.enumerated() {
                columns[range.lowerBound + offset] = entry.0
                values[range.lowerBound + offset] = entry.1
            }
        }
        self.init(uncheckedColumnCount: rows.columnCount, rowOffsets: rows.rowOffsets, columns: columns, values: values)
    }

    /// Patterns from a dense count matrix: the keys of row `i` are the columns where
    /// `present[i, j] != 0`, or, without `present`, where `counts[i, j] != 0`.
    ///
    /// - Throws: ``AgentEconomiesError`` for a NaN or infinite count or a shape mismatch
    ///   between `counts` and `present`.
    /// - Complexity: O(rows x columns).
    public init(denseCounts counts: Matrix<Double>, present: Matrix<Double>? = nil) throws {
        if let present, present.rows != counts.rows || present.columns != counts.columns {
            throw AgentEconomiesError.shapeMismatch(
                field: "PatternMatrix.present",
                expected: "\(counts.rows) x \(counts.columns)",
                actual: "\(present.rows) x \(present.columns)")
        }
        var offsets = [0]
        offsets.reserveCapacity(counts.rows + 1)
        var columns = [Int32]()
        var values = [Double]()
        let k = counts.columns
        try counts.withUnsafeBufferPointer { c in
            for row in 0..<counts.rows {
                for column in 0..<k {
                    let value = c[row * k + column]
                    if !value.isFinite {
                        throw AgentEconomiesError.notFinite(
                            field: "PatternMatrix.counts[\(row), \(column)]", value: value)
                    }
                    let isKey = present.map { $0[row, column] != 0 } ?? (value != 0)
                    if isKey {
                        columns.append(Int32(column))
                        values.append(value)
                    }
                }
                offsets.append(columns.count)
            }
        }
        _ = try BLAS.int32(max(k, 1), "PatternMatrix.columnCount")
        self.init(uncheckedColumnCount: k, rowOffsets: offsets, columns: columns, values: values)
    }

    /// Arrays already known to be consistent, rows sorted, counts finite.
    init(
        uncheckedColumnCount columnCount: Int, rowOffsets: [Int], columns: [Int32], values: [Double],
        hasNegativeCounts: Bool? = nil
    ) {
        self.columnCount = columnCount
        self.rowOffsets = rowOffsets
        self.columns = columns
        self.values = values
        self.hasNegativeCounts = hasNegativeCounts ?? values.contains { $0 < 0 }
    }

    /// The number of keys of row `row`.
    @inlinable
    public func keyCount(_ row: Int) -> Int { rowOffsets[row + 1] - rowOffsets[row] }
}
