/// How two behaviour patterns (rows of a ``PatternMatrix``) are compared.
///
/// Every metric is 0 when either pattern has no keys. The `combined` metric is the
/// reference's behavioural similarity; the other two are the textbook measures.
public enum SimilarityMetric: String, Sendable, CaseIterable, Codable {
    /// The reference's score: with `J` the Jaccard index of the key sets and, over the shared
    /// keys, `sA = sum a_k`, `sB = sum b_k`, the score is `(J + sum (a_k / sA)(b_k / sB)) / 2`
    /// when keys are shared and `sA > 0` and `sB > 0`, else `J`.
    case combined
    /// Cosine of the two count vectors over all their keys: `sum a_k b_k / (|a| |b|)`
    /// (0 when either vector is zero).
    case cosine
    /// Jaccard index of the two key sets, `|shared| / |union|` (a key with count 0 counts).
    case jaccard
}
