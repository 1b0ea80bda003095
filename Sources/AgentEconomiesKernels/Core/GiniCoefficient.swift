/// The Gini coefficient of non-negative quantities, exactly as the reference computes it.
///
/// Values are sorted ascending (`u_1 <= ... <= u_n`), `total` is their sum in that order,
/// and the result is `sum_k (2k - n - 1) u_k / (n * total)` for `k = 1...n`; it is 0 when
/// there are no values or `total == 0`. 0 means perfect equality, values near 1 that one
/// holder has everything. Auctions (utilities), missions (contribution counts) and the
/// order book (trade counts) all use this one function.
///
/// - Complexity: O(n log n) for the sort.
public func giniCoefficient<C: Collection>(_ values: C) -> Double where C.Element == Double {
    giniOfSorted(values.sorted())
}

/// ``giniCoefficient(_:)`` with the sort spread over `threads` workers (`nil`:
/// ``Parallel/defaultThreadCount``): the same value, bit for bit, for any thread count.
///
/// - Complexity: O(n log n) for the sort, over the workers, plus O(n) for the sums.
public func giniCoefficient(_ values: [Double], threads: Int?) -> Double {
    giniOfSorted(Parallel.sorted(values, threads: threads))
}

/// The Gini coefficient of values already sorted ascending.
private func giniOfSorted(_ sorted: [Double]) -> Double {
    let n = sorted.count
    if n == 0 { return 0 }
    var total = 0.0
    for value in sorted { total += value }
    if total == 0 { return 0 }
    var weighted = 0.0
    for (index, value) in sorted.enumerated() {
        weighted += Double(2 * (index + 1) - n - 1) * value
    }
    return weighted / (Double(n) * total)
}
