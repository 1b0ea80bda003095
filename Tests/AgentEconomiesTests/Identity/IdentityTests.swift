import AgentEconomies
import OrderedCollections
import Testing

/// The identity API as the article shows it, validation, and the columnar paths.
@Suite("Identity and Sybil detection")
struct IdentityTests {
    // Not formatted: the code between the markers is shown verbatim in the docs.
    // swift-format-ignore
    @Test func quickStart() throws {
        // BEGIN IDENTITY QUICK START
        let config = IdentityConfig(identityCreationCost: 10, proofOfPersonhoodRequired: false, credentialExpiryEpochs: 50,
                                    sybilDetectionEnabled: true, maxIdentitiesPerEntity: 1, behavioralSimilarityThreshold: 0.8)
        let registry = try IdentityRegistry(config: config)
        let identity = registry.createIdentity(agentID: "agent_1", entityID: "entity_a", proofOfPersonhood: true, currentEpoch: 0)
        let issuer = CredentialIssuer(config: config)
        let credential = issuer.issueReputationCredential(subjectID: "agent_1", reputation: 0.85, currentEpoch: 5)
        identity?.credentials.append(credential)
        let trust = identity?.computeTrustScore(currentEpoch: 5)
        let clusters = registry.detectSybilClusters(patterns: [
            "agent_1": ["target_a": 10, "target_b": 5],
            "agent_2": ["target_a": 10, "target_b": 5],
            "agent_3": ["target_c": 8, "target_d": 3],
        ])                                                            // [Set<String>], in discovery order
        let lever = SybilDetectionLever(config: GovernanceConfig(sybilDetectionEnabled: true, sybilSimilarityThreshold: 0.8,
                                        sybilPenaltyMultiplier: 1.0, sybilRealtimePenalty: true, sybilRealtimeRate: 0.1,
                                        sybilMaxClusterSize: 3))
        // END IDENTITY QUICK START
        #expect(trust == 0.6)
        // Two identical patterns of two counts 10 and 5: J = 1, frequency term 5/9, score 7/9 < 0.8.
        #expect(clusters.isEmpty)
        #expect(issuer.verifyCredential(credential.credentialID, currentEpoch: 54))
        #expect(!issuer.verifyCredential(credential.credentialID, currentEpoch: 55))
        // Revocation reaches the identity's copy: it is the same object.
        issuer.revokeCredential(credential.credentialID)
        #expect(identity?.computeTrustScore(currentEpoch: 5) == 0.5)
        #expect(registry.createIdentity(agentID: "agent_2", entityID: "entity_a") == nil)
        #expect(lever.canAgentAct("agent_1"))
        #expect(try documentShowsBlock("IDENTITY QUICK START", document: .article("Identity"), testFile: #filePath))
    }

    @Test func sybilRingIsFlaggedAndBlocked() throws {
        let lever = try SybilDetectionLever(
            validating: GovernanceConfig(
                sybilDetectionEnabled: true, sybilRealtimePenalty: true, sybilMaxClusterSize: 3))
        // Four Sybils put almost all their interactions on one partner; honest agents spread theirs.
        for sybil in ["s1", "s2", "s3", "s4"] {
            for _ in 0..<20 { lever.onInteraction(initiator: sybil, counterparty: "partner") }
            lever.onInteraction(initiator: sybil, counterparty: "market")
        }
        for honest in ["h1", "h2"] {
            for target in ["market", "partner", "x", "y"] { lever.onInteraction(initiator: honest, counterparty: target) }
        }
        let effect = lever.onEpochStart(epoch: 1)
        #expect(lever.clusters == [["s1", "s2", "s3", "s4"]])
        #expect(effect.details == ["clusters_found": .int(1), "agents_flagged": .int(4)])
        #expect(effect.reputationDeltas["s1"] == -0.1 && effect.resourceDeltas["s4"] == -1.0)
        #expect(!lever.canAgentAct("s2") && lever.canAgentAct("h1"))
        let penalty = lever.onInteraction(initiator: "s1", counterparty: "s2")
        #expect(penalty.costA == 0.1 && penalty.costB == 0.1 && penalty.details["sybil_pair_penalty"] == .bool(true))
        let merged = penalty.merged(with: effect)
        #expect(merged.leverName == "sybil_detection+sybil_detection" && merged.reputationDeltas["s3"] == -0.1)
    }

    @Test func metricsAndRulesBeyondTheReference() throws {
        let registry = try IdentityRegistry(config: IdentityConfig(behavioralSimilarityThreshold: 0.9))
        let patterns: OrderedDictionary<String, OrderedDictionary<String, Int>> = [
            "a": ["x": 10, "y": 5, "z": 1],
            "b": ["x": 20, "y": 10, "z": 2],
            "c": ["x": 20, "y": 10, "z": 2, "w": 1],
        ]
        // Identical key sets but spread counts: the reference's score stays below 0.9 ...
        #expect(registry.detectSybilClusters(patterns: patterns).isEmpty)
        // ... cosine sees proportional patterns, Jaccard sees the same key sets.
        #expect(
            registry.detectSybilClusters(patterns: patterns, options: SybilDetectionOptions(metric: .cosine))
                == [["a", "b", "c"]])
        #expect(
            registry.detectSybilClusters(patterns: patterns, options: SybilDetectionOptions(metric: .jaccard))
                == [["a", "b"]])
        // Transitive components versus the greedy rule at Jaccard 0.75: a-c and b-c reach it, a-b (0.5) not;
        // greedy gives a its partner c and leaves b alone, components join all three.
        let chain: OrderedDictionary<String, OrderedDictionary<String, Int>> = [
            "a": ["p": 1, "q": 1, "r": 1], "b": ["q": 1, "r": 1, "s": 1], "c": ["p": 1, "q": 1, "r": 1, "s": 1],
        ]
        let jaccard = try IdentityRegistry(config: IdentityConfig(behavioralSimilarityThreshold: 0.75))
        #expect(
            jaccard.detectSybilClusters(patterns: chain, options: SybilDetectionOptions(metric: .jaccard))
                == [["a", "c"]])
        #expect(
            jaccard.detectSybilClusters(
                patterns: chain,
                options: SybilDetectionOptions(
                    metric: .jaccard, clustering: .connectedComponents)) == [["a", "b", "c"]])
        // Disabled detection finds nothing.
        let disabled = try IdentityRegistry(config: IdentityConfig(sybilDetectionEnabled: false))
        #expect(disabled.detectSybilClusters(patterns: patterns).isEmpty)
    }

    @Test func columnarPatternsMatchTheDictionaries() throws {
        let patterns: OrderedDictionary<String, OrderedDictionary<String, Double>> = [
            "a": ["x": 200, "y": 1], "b": ["x": 210, "y": 2], "c": ["y": 3, "z": 4],
        ]
        let columnar = try InteractionPatterns(counts: patterns)
        #expect(columnar.agentIDs == ["a", "b", "c"] && columnar.counterpartyIDs == ["x", "y", "z"])
        let registry = try IdentityRegistry()
        #expect(try registry.detectSybilClusters(columnar) == [["a", "b"]])
        let rebuilt = try InteractionPatterns(
            agentIDs: columnar.agentIDs, counterpartyIDs: columnar.counterpartyIDs,
            matrix: columnar.matrix)
        #expect(rebuilt == columnar)
    }

    @Test func badInputNamesTheField() {
        expectError(field: "IdentityConfig.identityCreationCost", mentioning: "-1.0") {
            _ = try IdentityRegistry(config: IdentityConfig(identityCreationCost: -1))
        }
        expectError(field: "IdentityConfig.credentialExpiryEpochs", mentioning: "0") {
            _ = try IdentityRegistry(config: IdentityConfig(credentialExpiryEpochs: 0))
        }
        expectError(field: "IdentityConfig.maxIdentitiesPerEntity", mentioning: "0") {
            _ = try IdentityRegistry(config: IdentityConfig(maxIdentitiesPerEntity: 0))
        }
        expectError(field: "IdentityConfig.behavioralSimilarityThreshold", mentioning: "1.5") {
            _ = try IdentityRegistry(config: IdentityConfig(behavioralSimilarityThreshold: 1.5))
        }
        expectError(field: "IdentityConfig.behavioralSimilarityThreshold", mentioning: "nan") {
            _ = try IdentityRegistry(config: IdentityConfig(behavioralSimilarityThreshold: .nan))
        }
        expectError(field: "GovernanceConfig.sybilSimilarityThreshold", mentioning: "-0.1") {
            _ = try SybilDetectionLever(validating: GovernanceConfig(sybilSimilarityThreshold: -0.1))
        }
        expectError(field: "GovernanceConfig.sybilPenaltyMultiplier", mentioning: "-2.0") {
            _ = try SybilDetectionLever(validating: GovernanceConfig(sybilPenaltyMultiplier: -2))
        }
        expectError(field: "GovernanceConfig.sybilRealtimeRate", mentioning: "inf") {
            _ = try SybilDetectionLever(validating: GovernanceConfig(sybilRealtimeRate: .infinity))
        }
        expectError(field: "GovernanceConfig.sybilMaxClusterSize", mentioning: "0") {
            _ = try SybilDetectionLever(validating: GovernanceConfig(sybilMaxClusterSize: 0))
        }
        expectError(field: "patterns[a][x]", mentioning: "nan") {
            _ = try InteractionPatterns(counts: ["a": ["x": .nan]])
        }
        expectError(field: "InteractionPatterns.agentIDs", mentioning: "a") {
            let matrix = try PatternMatrix(columnCount: 1, rowOffsets: [0, 1, 2], columns: [0, 0], values: [1, 1])
            _ = try InteractionPatterns(agentIDs: ["a", "a"], counterpartyIDs: ["x"], matrix: matrix)
        }
        expectError(field: "InteractionPatterns.counterpartyIDs") {
            let matrix = try PatternMatrix(columnCount: 1, rowOffsets: [0, 1], columns: [0], values: [1])
            _ = try InteractionPatterns(agentIDs: ["a"], counterpartyIDs: [], matrix: matrix)
        }
    }
}
