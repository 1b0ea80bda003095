import AgentEconomiesKernels
import Testing

/// Patterns recorded interaction by interaction, as the reference's Sybil lever records them.
@Suite struct PatternAccumulatorTests {
    @Test func eachInteractionCountsForBothPartiesInOrderOfFirstAppearance() throws {
        var patterns = PatternAccumulator()
        patterns.record(initiator: 7, counterparty: 3)
        patterns.record(initiator: 7, counterparty: 3)
        patterns.record(initiator: 9, counterparty: 7)
        #expect(patterns.agents == [7, 3, 9])
        #expect(patterns.interactionCount == 3)
        let matrix = try patterns.matrix()
        #expect(matrix.rowCount == 3)
        // Row 0 (agent 7): counterparty rows 1 (agent 3, twice) and 2 (agent 9, once).
        #expect(PatternSimilarity.score(matrix, 0, 0, metric: .combined) > 0)
        let rows = try SimilarityJoin.clusters(matrix, threshold: 0.0)
        #expect(rows.clusters.first?.first == 0)
    }

    @Test func identicalBehaviourClustersAndClearingForgets() throws {
        var patterns = PatternAccumulator()
        for agent: Int32 in [0, 1] {
            patterns.record(initiator: agent, counterparty: 10)
            patterns.record(initiator: agent, counterparty: 11)
        }
        let clusters = try SimilarityJoin.clusters(patterns.matrix(), threshold: 0.7).clusters
        // Agents 0 and 1 score (1 + 1/2) / 2 = 0.75; so do their counterparties 10 and 11.
        #expect(clusters.map { $0.map { patterns.agents[$0] } } == [[0, 1], [10, 11]])
        patterns.removeAll()
        #expect(patterns.rowCount == 0 && patterns.interactionCount == 0)
    }
}
