/// A join that finds, strip by strip, the later rows at or above the threshold: the common
/// interface of ``DenseSimilarityJoin`` and ``SparseSimilarityJoin`` that the clustering
/// drivers run on.
protocol NeighborJoin {
    /// Number of rows.
    var rowCount: Int { get }
    /// The rows of the first strip.
    var firstStripRows: Int { get }
    /// The strip size after a strip of `rows` rows that produced `pairs` pairs.
    func nextStripRows(after rows: Int, pairs: Int) -> Int
    /// For every row `a` of `rows` not excluded, the rows `b > a` not excluded whose exact
    /// similarity to `a` reaches the threshold. `excluded` has `rowCount` entries or is nil.
    mutating func forwardNeighbors(rows: Range<Int>, excluded: UnsafePointer<Bool>?) -> StripNeighbors
    /// Pairs whose similarity was evaluated so far (by any means).
    var pairsScored: Int { get }
    /// Pairs evaluated with the exact canonical routine after a fast score could not decide.
    var pairsRescored: Int { get }
    /// Floating-point operations spent in GEMM so far.
    var gemmFlops: Double { get }
    /// Index postings read so far (sparse join).
    var candidatesVisited: Int { get }
}
