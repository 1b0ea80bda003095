import AgentEconomiesCHeader
import AgentEconomiesKernels

/// The similarity options of C enum values.
func similarityOptions(
    metric: Int32, clustering: Int32, path: Int32
) throws
    -> (SimilarityMetric, ClusteringRule, SimilarityPath)
{
    let metrics: [Int32: SimilarityMetric] = [
        AE_METRIC_COMBINED: .combined, AE_METRIC_COSINE: .cosine, AE_METRIC_JACCARD: .jaccard,
    ]
    let rules: [Int32: ClusteringRule] = [
        AE_CLUSTERING_GREEDY: .greedy, AE_CLUSTERING_CONNECTED_COMPONENTS: .connectedComponents,
    ]
    let paths: [Int32: SimilarityPath] = [AE_PATH_AUTOMATIC: .automatic, AE_PATH_DENSE: .dense, AE_PATH_SPARSE: .sparse]
    guard let chosenMetric = metrics[metric] else {
        throw CallError.option("metric", metric, "AE_METRIC_COMBINED (0), AE_METRIC_COSINE (1), AE_METRIC_JACCARD (2)")
    }
    guard let rule = rules[clustering] else {
        throw CallError.option(
            "clustering", clustering, "AE_CLUSTERING_GREEDY (0), AE_CLUSTERING_CONNECTED_COMPONENTS (1)")
    }
    guard let chosenPath = paths[path] else {
        throw CallError.option("path", path, "AE_PATH_AUTOMATIC (0), AE_PATH_DENSE (1), AE_PATH_SPARSE (2)")
    }
    return (chosenMetric, rule, chosenPath)
}

/// Patterns from caller CSR arrays, every offset and column checked.
func patterns(
    rows: Int64, columns: Int64, indptr: UnsafePointer<Int64>?, indices: UnsafePointer<Int32>?,
    counts: UnsafePointer<Double>?
) throws -> PatternMatrix {
    let n = try Buffer.count(rows, "rows"), k = try Buffer.count(columns, "columns")
    if k > Int(Int32.max) { throw CallError.size("columns", columns, "<= \(Int32.max)") }
    let offsets = try Buffer.read(indptr, n + 1, "indptr")
    if offsets[0] != 0 {
        throw CallError(status: AE_ERROR_OUT_OF_RANGE, message: "indptr[0] must be 0, got \(offsets[0])")
    }
    for row in 0..<n where offsets[row + 1] < offsets[row] {
        throw CallError(
            status: AE_ERROR_OUT_OF_RANGE,
            message: "indptr must be non-decreasing, got indptr[\(row + 1)] = \(offsets[row + 1]) < \(offsets[row])")
    }
    let entries = try Buffer.count(offsets[n], "indptr[rows]")
    let columns = try Buffer.read(indices, entries, "indices"), values = try Buffer.read(counts, entries, "counts")
    return try renamingFields(["SparseRows.columns": "indices", "SparseRows.values": "counts", "PatternMatrix.values": "counts"]) {
        try PatternMatrix(columnCount: k, rowOffsets: offsets.map { Int($0) }, columns: columns, values: values)
    }
}

/// `ae_sybil_clusters`: clusters of similar agents (see the header).
@c(ae_sybil_clusters)
public func aeSybilClusters(
    _ rows: Int64, _ columns: Int64, _ indptr: UnsafePointer<Int64>?, _ indices: UnsafePointer<Int32>?,
    _ counts: UnsafePointer<Double>?, _ threshold: Double, _ metric: Int32, _ clustering: Int32, _ path: Int32,
    _ threads: Int32, _ members: UnsafeMutablePointer<Int64>?, _ clusterOffsets: UnsafeMutablePointer<Int64>?,
    _ clusterCount: UnsafeMutablePointer<Int64>?, _ pairsFound: UnsafeMutablePointer<Int64>?,
    _ error: UnsafeMutablePointer<CChar>?, _ errorSize: Int
) -> ae_status {
    call(error, errorSize) {
        try clusters(
            rows: rows, columns: columns, indptr: indptr, indices: indices, counts: counts, threshold: threshold,
            metric: metric, clustering: clustering, path: path, threads: threads, members: members,
            clusterOffsets: clusterOffsets, clusterCount: clusterCount, pairsFound: pairsFound)
    }
}

/// `AE_ERROR_OUT_OF_MEMORY` when the dense path was asked for and its rows x columns matrix
/// of doubles cannot fit (the sparse and automatic paths grow with the entries instead).
func checkDenseMemory(_ path: SimilarityPath, rows: Int, columns: Int) throws {
    if path == .dense {
        try MemoryBudget.check(
            bytes: Double(rows) * Double(columns) * 8, "the dense path's \(rows) x \(columns) pattern matrix")
    }
}

/// The body of `ae_sybil_clusters`, shared with the identity registry.
func clusters(
    rows: Int64, columns: Int64, indptr: UnsafePointer<Int64>?, indices: UnsafePointer<Int32>?,
    counts: UnsafePointer<Double>?, threshold: Double, metric: Int32, clustering: Int32, path: Int32, threads: Int32,
    members: UnsafeMutablePointer<Int64>?, clusterOffsets: UnsafeMutablePointer<Int64>?,
    clusterCount: UnsafeMutablePointer<Int64>?, pairsFound: UnsafeMutablePointer<Int64>?
) throws {
    let (chosenMetric, rule, chosenPath) = try similarityOptions(metric: metric, clustering: clustering, path: path)
    try Validate.finite(threshold, "threshold")
    if threads < 0 { throw CallError.size("threads", Int64(threads), ">= 0") }
    let matrix = try patterns(rows: rows, columns: columns, indptr: indptr, indices: indices, counts: counts)
    try checkDenseMemory(chosenPath, rows: matrix.rowCount, columns: matrix.columnCount)
    let n = matrix.rowCount
    let membersOut = try Buffer.output(members, n, "members")
    let offsetsOut = try Buffer.output(clusterOffsets, n + 1, "cluster_offsets")
    let countOut = try Buffer.required(clusterCount, "cluster_count")
    let result = try SimilarityJoin.clusters(
        matrix, metric: chosenMetric, threshold: threshold, rule: rule, path: chosenPath,
        threads: threads == 0 ? nil : Int(threads))
    var position = 0
    offsetsOut[0] = 0
    for (index, cluster) in result.clusters.enumerated() {
        for member in cluster {
            membersOut[position] = Int64(member)
            position += 1
        }
        offsetsOut[index + 1] = Int64(position)
    }
    countOut.pointee = Int64(result.clusters.count)
    pairsFound?.pointee = Int64(result.statistics.pairsFound)
}

/// `ae_similar_pairs`: every pair at or above the threshold (see the header).
@c(ae_similar_pairs)
public func aeSimilarPairs(
    _ rows: Int64, _ columns: Int64, _ indptr: UnsafePointer<Int64>?, _ indices: UnsafePointer<Int32>?,
    _ counts: UnsafePointer<Double>?, _ threshold: Double, _ metric: Int32, _ path: Int32, _ threads: Int32,
    _ capacity: Int64, _ first: UnsafeMutablePointer<Int64>?, _ second: UnsafeMutablePointer<Int64>?,
    _ scores: UnsafeMutablePointer<Double>?, _ pairCount: UnsafeMutablePointer<Int64>?,
    _ error: UnsafeMutablePointer<CChar>?, _ errorSize: Int
) -> ae_status {
    call(error, errorSize) {
        let (chosenMetric, _, chosenPath) = try similarityOptions(
            metric: metric, clustering: AE_CLUSTERING_GREEDY, path: path)
        try Validate.finite(threshold, "threshold")
        if threads < 0 { throw CallError.size("threads", Int64(threads), ">= 0") }
        let room = try Buffer.count(capacity, "capacity")
        let matrix = try patterns(rows: rows, columns: columns, indptr: indptr, indices: indices, counts: counts)
        try checkDenseMemory(chosenPath, rows: matrix.rowCount, columns: matrix.columnCount)
        let firstOut = try Buffer.output(first, room, "first")
        let secondOut = try Buffer.output(second, room, "second")
        let scoresOut = try Buffer.output(scores, room, "scores")
        let countOut = try Buffer.required(pairCount, "pair_count")
        var found = 0
        try SimilarityJoin.pairs(
            matrix, metric: chosenMetric, threshold: threshold, path: chosenPath,
            threads: threads == 0 ? nil : Int(threads)
        ) { a, b, score in
            if found < room {
                firstOut[found] = Int64(a)
                secondOut[found] = Int64(b)
                scoresOut[found] = score
            }
            found += 1
        }
        countOut.pointee = Int64(found)
        if found > room {
            throw CallError(
                status: AE_ERROR_CAPACITY, message: "capacity must be at least \(found) (pairs found), got \(room)")
        }
    }
}
