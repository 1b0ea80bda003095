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
