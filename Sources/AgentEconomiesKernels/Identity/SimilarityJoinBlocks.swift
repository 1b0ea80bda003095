extension SimilarityJoin {
    /// The forward neighbours of the rows of `blocks` (ranges of rows, in any order): for
    /// every row `a` of a block, the rows `b > a` whose exact similarity reaches `threshold`,
    /// ascending. The join (its index or packed rows) is built over every row once; only the
    /// blocks' rows are joined. This is a share of ``pairs(_:metric:threshold:path:threads:visit:)``
    /// for a process that joins some of the rows; ``clusters(rowCount:rule:offsets:neighbors:)``
    /// turns every row's neighbours into the clusters.
    ///
    /// - Returns: one ``StripNeighbors`` per block, and the join's statistics for these blocks.
    /// - Throws: as ``pairs(_:metric:threshold:path:threads:visit:)``, and
    ///   ``AgentEconomiesError/outOfRange(field:value:requirement:)`` for a block outside the rows.
    /// - Complexity: building the join over every row (the index, or the packed matrix), then the
    ///   join of the blocks' rows only (see <doc:SimilarityJoins>); memory is the index or packed
    ///   matrix plus every block's pairs.
    package static func forwardNeighbors(
        _ patterns: PatternMatrix, metric: SimilarityMetric = .combined, threshold: Double,
        path: SimilarityPath = .automatic, threads: Int? = nil, blocks: [Range<Int>]
    ) throws -> (strips: [StripNeighbors], statistics: Statistics) {
        try validate(patterns, threshold: threshold)
        try checkDenseSize(path, patterns, metric: metric)
        for block in blocks where block.lowerBound < 0 || block.upperBound > patterns.rowCount {
            throw AgentEconomiesError.outOfRange(
                field: "blocks", value: "\(block)", requirement: "within 0..<\(patterns.rowCount)")
        }
        var strips = [StripNeighbors]()
        strips.reserveCapacity(blocks.count)
        let statistics = withJoin(patterns, metric: metric, threshold: threshold, path: path, threads: threads) { join in
            for block in blocks { strips.append(join.forwardNeighbors(rows: block, excluded: nil)) }
            return strips.reduce(0) { $0 + $1.pairCount }
        }
        return (strips, statistics)
    }

    /// The clusters under `rule` from every row's forward neighbours, given as CSR
    /// (`offsets[rowCount + 1]`; row `a`'s neighbours `neighbors[offsets[a] ..< offsets[a + 1]]`,
    /// the rows `b > a` at or above the threshold, ascending): the greedy rule replayed in row
    /// order, or connected components. Equal to ``clusters(_:metric:threshold:rule:path:threads:)``
    /// on the patterns the neighbours came from.
    ///
    /// - Complexity: O(rows + pairs) for the greedy rule, O((rows + pairs) log rows) for connected
    ///   components (union-find with path halving).
    package static func clusters(rowCount: Int, rule: ClusteringRule, offsets: [Int], neighbors: [Int32]) -> [[Int]] {
        switch rule {
        case .greedy:
            var visited = [Bool](repeating: false, count: rowCount)
            var clusters = [[Int]]()
            for a in 0..<rowCount where !visited[a] {
                var members = [a]
                for b in neighbors[offsets[a]..<offsets[a + 1]] where !visited[Int(b)] { members.append(Int(b)) }
                if members.count > 1 {
                    for member in members { visited[member] = true }
                    clusters.append(members)
                }
            }
            return clusters
        case .connectedComponents:
            var components = UnionFind(count: rowCount)
            for a in 0..<rowCount {
                for b in neighbors[offsets[a]..<offsets[a + 1]] { components.union(a, Int(b)) }
            }
            return components.clusters()
        }
    }
}
