import AgentEconomiesKernels

extension DistributedKernels {
    /// The whole matrix from each rank's rows (ranks hold consecutive rows in rank order, as
    /// ``Partition/contiguous(count:block:rank:size:)`` deals them), gathered once on every
    /// rank: for example the bundles of a distributed equilibrium.
    ///
    /// - Throws: ``MPIError``, or `AgentEconomiesError` when the ranks' column counts differ.
    /// - Complexity: O(rows + entries) received by every rank, plus the checks of
    ///   `SparseRows(columnCount:rowOffsets:columns:values:)`.
    public static func gatherRows(_ local: SparseRows, communicator: Communicator) throws -> SparseRows {
        let whole = try gatherCompressedRows(
            columnCount: local.columnCount, rowOffsets: local.rowOffsets, columns: local.columns,
            values: local.values, communicator: communicator)
        return try SparseRows(
            columnCount: local.columnCount, rowOffsets: whole.rowOffsets, columns: whole.columns, values: whole.values)
    }

    /// The whole pattern matrix from each rank's rows, gathered once on every rank (as
    /// ``gatherRows(_:communicator:)``).
    ///
    /// - Throws: ``MPIError``, or `AgentEconomiesError` when the ranks' column counts differ.
    /// - Complexity: O(rows + entries) received by every rank, plus the checks of
    ///   `PatternMatrix(columnCount:rowOffsets:columns:values:)`.
    public static func gatherPatterns(_ local: PatternMatrix, communicator: Communicator) throws -> PatternMatrix {
        let whole = try gatherCompressedRows(
            columnCount: local.columnCount, rowOffsets: local.rowOffsets, columns: local.columns,
            values: local.values, communicator: communicator)
        return try PatternMatrix(
            columnCount: local.columnCount, rowOffsets: whole.rowOffsets, columns: whole.columns, values: whole.values)
    }

    /// Every rank's compressed rows concatenated in rank order: row lengths, columns and
    /// values gathered, offsets rebuilt.
    private static func gatherCompressedRows(
        columnCount: Int, rowOffsets: [Int], columns: [Int32], values: [Double], communicator: Communicator
    ) throws -> (rowOffsets: [Int], columns: [Int32], values: [Double]) {
        let columnCounts = try communicator.allGather([columnCount])
        if let other = columnCounts.first(where: { $0[0] != columnCount }) {
            throw AgentEconomiesError.shapeMismatch(
                field: "columnCount", expected: "\(columnCount)", actual: "\(other[0]) on another rank")
        }
        let lengths = (0..<(rowOffsets.count - 1)).map { Int32(rowOffsets[$0 + 1] - rowOffsets[$0]) }
        let allLengths = try communicator.allGatherConcatenated(lengths).values
        var offsets = [0]
        offsets.reserveCapacity(allLengths.count + 1)
        for length in allLengths { offsets.append(offsets[offsets.count - 1] + Int(length)) }
        return (
            offsets, try communicator.allGatherConcatenated(columns).values,
            try communicator.allGatherConcatenated(values).values
        )
    }
}
