import AgentEconomiesKernels

extension DistributedKernels {
    /// Rows per block of the distributed similarity join (blocks are dealt round-robin, so
    /// every rank gets early rows, which have the most later rows to meet).
    public static let joinBlockRows = 512

    /// The clusters of `SimilarityJoin.clusters(_:metric:threshold:rule:path:threads:)` over
    /// the ranks: each rank joins its round-robin blocks of rows against the later rows (the
    /// join's index is built over every row on every rank), the forward neighbours are
    /// gathered on every rank, and the clustering is replayed in agent order (the greedy rule
    /// as the reference visits agents; components by union-find). The clusters and
    /// `pairsFound` equal the single-process join's; the other statistics are the ranks' sums.
    ///
    /// - Parameters:
    ///   - patterns: every agent's pattern, the same on every rank (see
    ///     ``gatherPatterns(_:communicator:)`` to assemble it from per-rank rows).
    ///   - metric: the similarity measure.
    ///   - threshold: pairs scoring at least this are similar.
    ///   - rule: the clustering rule.
    ///   - path: the join (`.automatic` picks dense or sparse as one process would).
    ///   - threads: worker threads per rank (`nil`: the kernels' default).
    ///   - communicator: the ranks.
    /// - Throws: as the single-process join, and ``MPIError``.
    /// - Complexity: the join's work divided over the ranks; every rank receives every pair
    ///   (4 bytes per pair plus 4 bytes per row).
    public static func sybilClusters(
        _ patterns: PatternMatrix, metric: SimilarityMetric = .combined, threshold: Double,
        rule: ClusteringRule = .greedy, path: SimilarityPath = .automatic, threads: Int? = nil,
        communicator: Communicator
    ) throws -> SimilarityJoin.Clusters {
        let n = patterns.rowCount, block = joinBlockRows
        let blocks = Partition.roundRobin(count: n, block: block, rank: communicator.rank, size: communicator.size)
        let (strips, statistics) = try SimilarityJoin.forwardNeighbors(
            patterns, metric: metric, threshold: threshold, path: path, threads: threads, blocks: blocks)
        var counts = [Int32](), neighbors = [Int32]()
        counts.reserveCapacity(blocks.reduce(0) { $0 + $1.count })
        for strip in strips {
            for slot in 0..<strip.rows.count { counts.append(Int32(strip.offsets[slot + 1] - strip.offsets[slot])) }
            neighbors.append(contentsOf: strip.neighbors)
        }
        let allCounts = try communicator.allGather(counts)
        let allNeighbors = try communicator.allGather(neighbors)
        // Every row's neighbours in row order: block k came from rank k mod size.
        var offsets = [Int](repeating: 0, count: n + 1)
        var joined = [Int32]()
        joined.reserveCapacity(allNeighbors.reduce(0) { $0 + $1.count })
        var rowCursor = [Int](repeating: 0, count: communicator.size)
        var pairCursor = [Int](repeating: 0, count: communicator.size)
        for (k, start) in stride(from: 0, to: n, by: block).enumerated() {
            let owner = k % communicator.size
            for a in start..<min(n, start + block) {
                let count = Int(allCounts[owner][rowCursor[owner]])
                rowCursor[owner] += 1
                joined.append(contentsOf: allNeighbors[owner][pairCursor[owner]..<(pairCursor[owner] + count)])
                pairCursor[owner] += count
                offsets[a + 1] = offsets[a] + count
            }
        }
        let clusters = SimilarityJoin.clusters(rowCount: n, rule: rule, offsets: offsets, neighbors: joined)
        var total = statistics
        total.pairsFound = joined.count
        total.pairsScored = try communicator.sum(statistics.pairsScored)
        total.pairsRescored = try communicator.sum(statistics.pairsRescored)
        total.candidatesVisited = try communicator.sum(statistics.candidatesVisited)
        total.gemmFlops = try communicator.allGatherConcatenated([statistics.gemmFlops]).values.reduce(0, +)
        return SimilarityJoin.Clusters(clusters: clusters, statistics: total)
    }
}
