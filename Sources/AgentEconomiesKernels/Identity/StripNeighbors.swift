/// The pairs a join found for one strip of rows: for every row `a` of the strip, the rows
/// `b > a` (ascending) whose similarity to `a` reaches the threshold.
package struct StripNeighbors: Sendable {
    /// The strip's rows.
    package let rows: Range<Int>
    /// `rows.count + 1` offsets into `neighbors`.
    package var offsets: [Int]
    /// The neighbours of each row, ascending.
    package var neighbors: [Int32]

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
    package func neighbors(of row: Int) -> ArraySlice<Int32> {
        let slot = row - rows.lowerBound
        return neighbors[offsets[slot]..<offsets[slot + 1]]
    }

    /// The number of pairs in the strip.
    package var pairCount: Int { neighbors.count }
}
