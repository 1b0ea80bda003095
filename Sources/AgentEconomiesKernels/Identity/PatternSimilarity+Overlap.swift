import AgentEconomiesSIMD

/// The overlap test a join runs before it scores a candidate: whether two rows can still
/// reach a Jaccard term of at least a floor, decided by counting shared keys and stopping as
/// soon as the rest of the rows cannot make up the difference.
///
/// A join verifying a pair only needs to know whether the score reaches its threshold, and a
/// pair whose Jaccard term lies below the join's Jaccard bound cannot (see
/// ``SimilarityJoin``). Hubs of a Zipf interaction graph have rows of thousands of keys, and
/// most of their candidate pairs share a few: the full merge reads both rows to the end,
/// where this test stops after about `|a| + |b| - needed` unshared keys have gone by.
extension PatternSimilarity {
    /// The fewest shared keys `s` for which two rows holding `total` keys between them
    /// (`|a| + |b|`) have a Jaccard term `s / (total - s)` of at least `floor`, the quotient
    /// taken in `Double` as ``score(_:_:_:_:_:normA:normB:jaccardFloor:)`` takes it; 0 when
    /// `floor` is at most 0 (or NaN), `total / 2 + 1` (more than two rows can share) when no
    /// count reaches it.
    ///
    /// Exact, not rounded: the quotient is monotone in `s`, so the rows share at least this
    /// many keys exactly when their Jaccard term reaches `floor`.
    @inlinable
    static func sharedKeysNeeded(floor: Double, total: Int) -> Int {
        guard floor > 0, total > 0 else { return 0 }
        let most = total / 2
        func reaches(_ shared: Int) -> Bool { Double(shared) / Double(total - shared) >= floor }
        let estimate = (floor * Double(total) / (1 + floor)).rounded(.up)
        var needed = estimate >= Double(most + 1) ? most + 1 : max(0, Int(estimate))
        while needed > 0 && reaches(needed - 1) { needed -= 1 }
        while needed <= most && !reaches(needed) { needed += 1 }
        return needed
    }

    /// Whether the sorted rows `a` and `b` share at least `needed` columns. Stops when the
    /// shared keys reach `needed` or when the shared keys so far plus the shorter of the two
    /// remainders fall below it (the merge is C's `aek_shares_at_least`, branch-free per step).
    ///
    /// - Complexity: O(keys of a + keys of b) at most; for a pair far below `needed`, about
    ///   `|a| + |b| - 2 needed` steps once the unshared keys have used up the slack.
    @inlinable
    static func sharesAtLeast(_ columns: UnsafePointer<Int32>, _ a: Range<Int>, _ b: Range<Int>, needed: Int) -> Bool {
        aek_shares_at_least(columns + a.lowerBound, a.count, columns + b.lowerBound, b.count, needed) != 0
    }
}
