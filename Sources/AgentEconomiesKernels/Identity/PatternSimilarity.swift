/// The exact, canonical similarity of two rows of a ``PatternMatrix``.
///
/// Both joins decide every doubtful pair, and report every score, through these functions,
/// so they agree to the last bit. The sums over shared keys run in increasing column order;
/// the combined metric divides before it multiplies, `(a_k / sA) * (b_k / sB)`, as the
/// reference does, so for integer counts the only difference from the reference is the
/// order of the final sum (the reference sums over a Python set).
public enum PatternSimilarity {
    /// The similarity of rows `a` and `b` of `patterns` under `metric`.
    ///
    /// - Precondition: `a` and `b` are valid row indices.
    /// - Complexity: O(keys of a + keys of b).
    public static func score(_ patterns: PatternMatrix, _ a: Int, _ b: Int, metric: SimilarityMetric) -> Double {
        patterns.columns.withUnsafeBufferPointer { columns in
            patterns.values.withUnsafeBufferPointer { values in
                let rowA = patterns.rowOffsets[a]..<patterns.rowOffsets[a + 1]
                let rowB = patterns.rowOffsets[b]..<patterns.rowOffsets[b + 1]
                let normA = metric == .cosine ? norm(values, rowA) : 0
                let normB = metric == .cosine ? norm(values, rowB) : 0
                return score(metric, columns.baseAddress!, values.baseAddress!, rowA, rowB, normA: normA, normB: normB)
            }
        }
    }

    /// The Euclidean norm of the counts in `row`, summed in column order (the norm the
    /// cosine metric uses).
    @inlinable
    static func norm(_ values: UnsafeBufferPointer<Double>, _ row: Range<Int>) -> Double {
        var sum = 0.0
        for index in row { sum += values[index] * values[index] }
        return sum.squareRoot()
    }

    /// The canonical score on raw CSR storage; `normA`/`normB` are ``norm(_:_:)`` of the two
    /// rows (read by the cosine metric only).
    ///
    /// A join that only compares the score with a threshold `t` whose Jaccard bound is
    /// `jaccardFloor` (the combined metric with non-negative counts: `2t - 1`, as its frequency
    /// term is at most 1) passes that floor: a pair whose Jaccard term falls below it gets that
    /// term back (below `t`) without the frequency term's second pass over the two rows.
    @inlinable
    static func score(
        _ metric: SimilarityMetric, _ columns: UnsafePointer<Int32>, _ values: UnsafePointer<Double>,
        _ a: Range<Int>, _ b: Range<Int>, normA: Double, normB: Double, jaccardFloor: Double = -.infinity
    ) -> Double {
        if a.isEmpty || b.isEmpty { return 0 }
        switch metric {
        case .jaccard:
            let shared = sharedKeys(columns, a, b)
            return Double(shared) / Double(a.count + b.count - shared)
        case .cosine:
            if normA == 0 || normB == 0 { return 0 }
            var dot = 0.0
            var i = a.lowerBound, j = b.lowerBound
            while i < a.upperBound && j < b.upperBound {
                let ci = columns[i], cj = columns[j]
                if ci == cj {
                    dot += values[i] * values[j]
                    i += 1; j += 1
                } else if ci < cj {
                    i += 1
                } else {
                    j += 1
                }
            }
            return dot / (normA * normB)
        case .combined:
            var shared = 0
            var sumA = 0.0, sumB = 0.0
            var i = a.lowerBound, j = b.lowerBound
            while i < a.upperBound && j < b.upperBound {
                let ci = columns[i], cj = columns[j]
                if ci == cj {
                    shared += 1
                    sumA += values[i]
                    sumB += values[j]
                    i += 1; j += 1
                } else if ci < cj {
                    i += 1
                } else {
                    j += 1
                }
            }
            let jaccard = Double(shared) / Double(a.count + b.count - shared)
            if shared == 0 || !(sumA > 0) || !(sumB > 0) || jaccard < jaccardFloor { return jaccard }
            var dot = 0.0
            i = a.lowerBound; j = b.lowerBound
            while i < a.upperBound && j < b.upperBound {
                let ci = columns[i], cj = columns[j]
                if ci == cj {
                    dot += (values[i] / sumA) * (values[j] / sumB)
                    i += 1; j += 1
                } else if ci < cj {
                    i += 1
                } else {
                    j += 1
                }
            }
            return (jaccard + dot) / 2
        }
    }

    /// The number of columns two sorted rows share.
    @inlinable
    static func sharedKeys(_ columns: UnsafePointer<Int32>, _ a: Range<Int>, _ b: Range<Int>) -> Int {
        var shared = 0
        var i = a.lowerBound, j = b.lowerBound
        while i < a.upperBound && j < b.upperBound {
            let ci = columns[i], cj = columns[j]
            if ci == cj { shared += 1; i += 1; j += 1 } else if ci < cj { i += 1 } else { j += 1 }
        }
        return shared
    }
}
