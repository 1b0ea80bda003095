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
