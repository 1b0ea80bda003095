/// All-pairs similarity at population scale: the pairs of agents whose behaviour patterns
/// are at least `threshold` similar, and the clusters they form, without ever holding an
/// `agents x agents` matrix.
///
/// Two exact joins find the pairs (``SimilarityPath``): tiled GEMM for dense patterns, an
/// inverted index with prefix filtering for sparse ones; both decide every pair the way
/// ``PatternSimilarity`` scores it, so they return the same pairs and the same clusters.
/// Rows are processed in strips, in order: the greedy rule reads a strip's pairs and marks
/// its clusters before the next strip is joined, and later strips skip rows already taken,
/// so a giant cluster does not make the join quadratic.
public enum SimilarityJoin {
    /// The smallest density (stored keys / cells) at which ``SimilarityPath/automatic``
    /// chooses the dense join.
    public static let denseDensityThreshold = 0.05
    /// The largest packed matrix (bytes) ``SimilarityPath/automatic`` lets the dense join build.
    public static let denseMemoryLimit = Double(1 << 30)

    /// What a join did, for benchmarks and for choosing a path.
    public struct Statistics: Sendable, Equatable {
        /// The join that ran.
        public var path: SimilarityPath
        /// Pairs whose similarity was evaluated (every pair of the computed tiles for the dense
        /// join; the verified candidates for the sparse join).
        public var pairsScored: Int
        /// Dense join: pairs the fast score could not decide, scored exactly.
        public var pairsRescored: Int
        /// Pairs at or above the threshold that the join reported.
        public var pairsFound: Int
        /// Floating-point operations spent in GEMM (dense join).
        public var gemmFlops: Double
        /// Index postings read to find the candidates (sparse join): the filter's work.
        public var candidatesVisited: Int
    }

    /// Clusters and the join's statistics.
    public struct Clusters: Sendable, Equatable {
        /// Each cluster's rows: for the greedy rule the seed row first and the others ascending,
        /// in discovery order; for connected components ascending, ordered by first row.
        public var clusters: [[Int]]
        /// What the join did.
        public var statistics: Statistics

        package init(clusters: [[Int]], statistics: Statistics) {
            self.clusters = clusters
            self.statistics = statistics
        }
    }

    /// A forced dense join whose packed rows would pass 4 x ``denseMemoryLimit`` is refused
    /// before anything is allocated (the sparse path handles any width).
    static func checkDenseSize(_ path: SimilarityPath, _ patterns: PatternMatrix, metric: SimilarityMetric) throws {
        guard path == .dense else { return }
        let bytes = DenseSimilarityJoin.packedBytes(patterns, metric: metric)
        if !(bytes <= 4 * denseMemoryLimit) {
            throw AgentEconomiesError.outOfRange(
                field: "path", value: "dense for \(patterns.rowCount) x \(patterns.columnCount) patterns",
                requirement: "packed rows within \(Int(4 * denseMemoryLimit)) bytes (\(bytes) needed); use .sparse or .automatic")
        }
    }

    /// The path ``SimilarityPath/automatic`` takes for `patterns`.
    public static func resolvedPath(
        _ path: SimilarityPath, for patterns: PatternMatrix,
        metric: SimilarityMetric
    ) -> SimilarityPath {
        guard path == .automatic else { return path }
        let dense =
            patterns.density >= denseDensityThreshold
            && DenseSimilarityJoin.packedBytes(patterns, metric: metric) <= denseMemoryLimit
        return dense ? .dense : .sparse
    }

    /// Calls `visit(a, b, score)` for every pair `a < b` whose similarity reaches `threshold`,
    /// ordered by `a` then `b`; `score` is the exact canonical score.
    ///
    /// - Parameters:
    ///   - patterns: one row per agent (CSR).
    ///   - metric: the similarity measure.
    ///   - threshold: pairs scoring at least this are visited.
    ///   - path: the join (``SimilarityPath/automatic`` picks dense or sparse).
    ///   - threads: worker count (`nil`: ``Parallel/defaultThreadCount``); results do not depend on it.
    ///   - visit: called with `(a, b, score)` for every pair found, in order.
    /// - Throws: ``AgentEconomiesError/notFinite(field:value:)`` for a NaN or infinite threshold,
    ///   ``AgentEconomiesError/outOfRange(field:value:requirement:)`` for more rows than `Int32` holds.
    /// - Complexity: see <doc:SimilarityJoins>; memory is the
    ///   index or packed matrix plus one strip's pairs.
    @discardableResult
    public static func pairs(
        _ patterns: PatternMatrix, metric: SimilarityMetric = .combined, threshold: Double,
        path: SimilarityPath = .automatic, threads: Int? = nil,
        visit: (Int, Int, Double) -> Void
    ) throws -> Statistics {
        try validate(patterns, threshold: threshold)
        try checkDenseSize(path, patterns, metric: metric)
        return withJoin(patterns, metric: metric, threshold: threshold, path: path, threads: threads) { join in
            var found = 0
            var start = 0, stripRows = join.firstStripRows
            while start < join.rowCount {
                let rows = start..<min(join.rowCount, start + stripRows)
                let strip = join.forwardNeighbors(rows: rows, excluded: nil)
                for a in rows {
                    for b in strip.neighbors(of: a) {
                        visit(a, Int(b), PatternSimilarity.score(patterns, a, Int(b), metric: metric))
                    }
                }
                found += strip.pairCount
                stripRows = join.nextStripRows(after: rows.count, pairs: strip.pairCount)
                start = rows.upperBound
            }
            return found
        }
    }

    /// The clusters of `patterns` under `rule` (see ``ClusteringRule``).
    ///
    /// - Throws: as ``pairs(_:metric:threshold:path:threads:visit:)``.
    /// - Complexity: the join's, as ``pairs(_:metric:threshold:path:threads:visit:)`` (see
    ///   <doc:SimilarityJoins>), plus O(pairs found) for the greedy rule or
    ///   O((rows + pairs found) log rows) for connected components; later strips skip rows the
    ///   greedy rule has taken.
    public static func clusters(
        _ patterns: PatternMatrix, metric: SimilarityMetric = .combined, threshold: Double,
        rule: ClusteringRule = .greedy, path: SimilarityPath = .automatic,
        threads: Int? = nil
    ) throws -> Clusters {
        try validate(patterns, threshold: threshold)
        try checkDenseSize(path, patterns, metric: metric)
        var clusters = [[Int]]()
        let statistics = withJoin(
            patterns, metric: metric, threshold: threshold, path: path,
            threads: threads
        ) { join in
            switch rule {
            case .greedy:
                let (found, result) = greedy(&join)
                clusters = result
                return found
            case .connectedComponents:
                let (found, result) = components(&join)
                clusters = result
                return found
            }
        }
        return Clusters(clusters: clusters, statistics: statistics)
    }

    static func validate(_ patterns: PatternMatrix, threshold: Double) throws {
        try Validate.finite(threshold, "SimilarityJoin.threshold")
        if patterns.rowCount >= Int(Int32.max) - 2 {
            throw AgentEconomiesError.outOfRange(
                field: "PatternMatrix.rowCount", value: "\(patterns.rowCount)",
                requirement: "< \(Int32.max - 2)")
        }
    }

    /// Builds the join for the resolved path and runs `body` on it.
    static func withJoin(
        _ patterns: PatternMatrix, metric: SimilarityMetric, threshold: Double,
        path: SimilarityPath, threads: Int?,
        _ body: (inout any NeighborJoin) -> Int
    ) -> Statistics {
        let resolved = resolvedPath(path, for: patterns, metric: metric)
        let workers = max(1, threads ?? Parallel.defaultThreadCount)
        var join: any NeighborJoin =
            resolved == .dense
            ? DenseSimilarityJoin(patterns, metric: metric, threshold: threshold, threads: workers)
            : SparseSimilarityJoin(patterns, metric: metric, threshold: threshold, threads: workers)
        let found = body(&join)
        return Statistics(
            path: resolved, pairsScored: join.pairsScored, pairsRescored: join.pairsRescored,
            pairsFound: found, gemmFlops: join.gemmFlops, candidatesVisited: join.candidatesVisited)
    }

    /// The reference's greedy rule, strip by strip.
    private static func greedy(_ join: inout any NeighborJoin) -> (Int, [[Int]]) {
        let n = join.rowCount
        var visited = [Bool](repeating: false, count: n)
        var clusters = [[Int]]()
        var found = 0
        var start = 0, stripRows = join.firstStripRows
        while start < n {
            let rows = start..<min(n, start + stripRows)
            if rows.allSatisfy({ visited[$0] }) {
                start = rows.upperBound
                continue
            }
            let strip = visited.withUnsafeBufferPointer { join.forwardNeighbors(rows: rows, excluded: $0.baseAddress!) }
            found += strip.pairCount
            // A strip without pairs (most of them, where most rows have no partner) adds nothing.
            for a in rows where strip.pairCount > 0 && !visited[a] {
                // Most rows have no neighbour: no cluster, and no array for one.
                let neighbors = strip.neighbors(of: a)
                if neighbors.isEmpty { continue }
                var members = [a]
                for b in neighbors where !visited[Int(b)] { members.append(Int(b)) }
                if members.count > 1 {
                    for member in members { visited[member] = true }
                    clusters.append(members)
                }
            }
            stripRows = join.nextStripRows(after: rows.count, pairs: strip.pairCount)
            start = rows.upperBound
        }
        return (found, clusters)
    }

    /// Connected components of the pairs at or above the threshold (union-find).
    private static func components(_ join: inout any NeighborJoin) -> (Int, [[Int]]) {
        let n = join.rowCount
        var components = UnionFind(count: n)
        var found = 0
        var start = 0, stripRows = join.firstStripRows
        while start < n {
            let rows = start..<min(n, start + stripRows)
            let strip = join.forwardNeighbors(rows: rows, excluded: nil)
            found += strip.pairCount
            for a in rows {
                for b in strip.neighbors(of: a) { components.union(a, Int(b)) }
            }
            stripRows = join.nextStripRows(after: rows.count, pairs: strip.pairCount)
            start = rows.upperBound
        }
        return (found, components.clusters())
    }
}
