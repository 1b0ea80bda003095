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

/// How pairs at or above the threshold are turned into clusters.
public enum ClusteringRule: String, Sendable, CaseIterable, Codable {
    /// The reference's rule: walk the agents in order; an agent not yet in a cluster takes
    /// every later agent not yet in a cluster whose similarity to it reaches the threshold
    /// (not transitive); groups of two or more are kept. Order-dependent, like the reference.
    case greedy
    /// Connected components of the graph of pairs at or above the threshold (transitive);
    /// components of two or more agents, ordered by their first member.
    case connectedComponents
}

/// Which join finds the pairs at or above the threshold. Both give the same pairs and the
/// same scores; they differ only in speed.
public enum SimilarityPath: String, Sendable, CaseIterable, Codable {
    /// ``dense`` when the pattern matrix is dense enough for GEMM tiles to beat the sparse
    /// join (at least ``SimilarityJoin/denseDensityThreshold`` of the entries stored and the
    /// packed matrix within ``SimilarityJoin/denseMemoryLimit``), else ``sparse``.
    case automatic
    /// Tiled GEMM over every pair (the packed rows of counts and key indicators), with exact
    /// re-scoring of the pairs that rounding could put on the other side of the threshold.
    case dense
    /// Inverted index over counterparties with prefix and length filtering: only pairs that
    /// share a counterparty (and can still reach the threshold) are scored.
    case sparse
}
