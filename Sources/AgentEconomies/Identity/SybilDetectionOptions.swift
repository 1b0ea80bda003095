import OrderedCollections

/// How ``IdentityRegistry`` and ``SybilDetectionLever`` compare and cluster agents. The
/// defaults are the reference's behaviour.
public struct SybilDetectionOptions: Sendable, Equatable {
    /// The similarity (default: the reference's combined score).
    public var metric: SimilarityMetric
    /// The clustering rule (default: the reference's greedy rule).
    public var clustering: ClusteringRule
    /// Dense or sparse join (default: chosen by density; both give the same clusters).
    public var path: SimilarityPath
    /// Worker threads (nil: all cores); results do not depend on it.
    public var threads: Int?

    /// Options; every argument has the default described above.
    public init(
        metric: SimilarityMetric = .combined, clustering: ClusteringRule = .greedy,
        path: SimilarityPath = .automatic, threads: Int? = nil
    ) {
        self.metric = metric
        self.clustering = clustering
        self.path = path
        self.threads = threads
    }

    /// The clusters of `patterns` at `threshold`, as sets of agent IDs in discovery order.
    func clusters(_ patterns: InteractionPatterns, threshold: Double) throws -> [Set<String>] {
        try SimilarityJoin.clusters(
            patterns.matrix, metric: metric, threshold: threshold, rule: clustering,
            path: path, threads: threads
        )
        .clusters.map { Set($0.map { patterns.agentIDs[$0] }) }
    }
}
