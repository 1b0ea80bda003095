/// Neumaier's compensated sum: the running total and the rounding error it has lost.
@usableFromInline
package struct CompensatedSum: Sendable, Equatable {
    @usableFromInline package var value = 0.0
    @usableFromInline package var compensation = 0.0

    /// A zero total.
    @inlinable package init() {}

    /// The total with its lost rounding added back.
    @inlinable package var sum: Double { value + compensation }

    /// Adds `term` to the total.
    @inlinable
    package mutating func add(_ term: Double) {
        let next = value + term
        if abs(value) >= abs(term) {
            compensation += (value - next) + term
        } else {
            compensation += (term - next) + value
        }
        value = next
    }

    /// Adds another compensated total (a chunk's part): its value, then its lost rounding,
    /// so that parts added in a fixed order give the same total at any thread count.
    @inlinable
    package mutating func add(_ part: CompensatedSum) {
        add(part.value)
        add(part.compensation)
    }
}

extension CompensatedSum {
    /// Terms per chunk of ``sum(count:threads:_:)``.
    static let chunkTerms = 1 << 16

    /// The compensated sum of `term(0) ..< term(count)`: each fixed chunk of
    /// ``chunkTerms`` terms summed by a worker, the chunks' totals and lost roundings then
    /// added in chunk order, so the result does not depend on the thread count.
    ///
    /// - Complexity: O(count) over the workers.
    package static func sum(count: Int, threads: Int?, _ term: (Int) -> Double) -> Double {
        let parts = Parallel.map(chunks: Parallel.chunkCount(count, chunkSize: chunkTerms), threads: threads) {
            chunk, _ in
            var part = CompensatedSum()
            for index in Parallel.range(ofChunk: chunk, chunkSize: chunkTerms, count: count) { part.add(term(index)) }
            return part
        }
        var total = CompensatedSum()
        for part in parts { total.add(part) }
        return total.sum
    }
}
