/// The pairs a join found for one strip of rows: for every row `a` of the strip, the rows
/// `b > a` (ascending) whose similarity to `a` reaches the threshold.
struct StripNeighbors {
    /// The strip's rows.
    let rows: Range<Int>
    /// `rows.count + 1` offsets into `neighbors`.
    var offsets: [Int]
    /// The neighbours of each row, ascending.
    var neighbors: [Int32]

    /// Groups `(row, neighbour)` pairs collected in any order by row, each row's neighbours
    /// sorted ascending. Complexity: O(pairs log pairs-per-row + rows).
    init(rows: Range<Int>, pairs: [[(Int32, Int32)]]) {
        self.rows = rows
        var counts = [Int](repeating: 0, count: rows.count + 1)
        for list in pairs { for (row, _) in list { counts[Int(row) - rows.lowerBound + 1] += 1 } }
        for index in 1..<counts.count { counts[index] += counts[index - 1] }
        var cursor = counts
        var neighbors = [Int32](repeating: 0, count: counts.last!)
        for list in pairs {
            for (row, neighbor) in list {
                let slot = Int(row) - rows.lowerBound
                neighbors[cursor[slot]] = neighbor
                cursor[slot] += 1
            }
        }
        for slot in 0..<rows.count where counts[slot + 1] - counts[slot] > 1 {
            neighbors[counts[slot]..<counts[slot + 1]].sort()
        }
        self.offsets = counts
        self.neighbors = neighbors
    }

    /// The neighbours of `row` (which must lie in the strip), ascending.
    func neighbors(of row: Int) -> ArraySlice<Int32> {
        let slot = row - rows.lowerBound
        return neighbors[offsets[slot]..<offsets[slot + 1]]
    }

    /// The number of pairs in the strip.
    var pairCount: Int { neighbors.count }
}

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
