/// The reference's Sybil detection written the way the reference does it: one dictionary of
/// counts per agent, key sets built per pair, every later unvisited agent scored against
/// every unvisited agent. The baseline of `sybil.dense_similarity` and `sybil.sparse_clusters`.
enum ReferenceStyleSybil {
    /// Patterns in the reference's shape: agent IDs in order, counterparty -> count.
    typealias Patterns = [(agent: String, pattern: [String: Int])]

    static func similarity(_ a: [String: Int], _ b: [String: Int]) -> Double {
        if a.isEmpty || b.isEmpty { return 0 }
        let keysA = Set(a.keys), keysB = Set(b.keys)
        let shared = keysA.intersection(keysB)
        let union = keysA.union(keysB)
        let jaccard = Double(shared.count) / Double(union.count)
        if !shared.isEmpty {
            let totalA = shared.reduce(0) { $0 + a[$1]! }
            let totalB = shared.reduce(0) { $0 + b[$1]! }
            if totalA > 0 && totalB > 0 {
                var dot = 0.0
                for key in shared { dot += (Double(a[key]!) / Double(totalA)) * (Double(b[key]!) / Double(totalB)) }
                return (jaccard + dot) / 2
            }
        }
        return jaccard
    }

    /// The greedy clusters, each sorted, in discovery order.
    static func clusters(_ patterns: Patterns, threshold: Double) -> [[String]] {
        var visited = Set<String>()
        var clusters = [[String]]()
        for i in patterns.indices where !visited.contains(patterns[i].agent) {
            var cluster = [patterns[i].agent]
            for j in (i + 1)..<max(i + 1, patterns.count) where !visited.contains(patterns[j].agent) {
                if similarity(patterns[i].pattern, patterns[j].pattern) >= threshold {
                    cluster.append(patterns[j].agent)
                }
            }
            if cluster.count > 1 {
                clusters.append(cluster.sorted())
                visited.formUnion(cluster)
            }
        }
        return clusters
    }
}
