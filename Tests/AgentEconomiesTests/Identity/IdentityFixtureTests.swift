import AgentEconomies
import Foundation
import OrderedCollections
import Testing

/// `identity.json`: swarm-safety 1.9.0 on credentials, trust, the registry, the issuer,
/// Sybil clustering (threshold boundaries included) and the lever across epochs.
@Suite("Identity fixtures")
struct IdentityFixtureTests {
    /// A `[key, value]` pair as the generator writes ordered dictionaries.
    struct Pair<Value: Decodable & Sendable>: Decodable, Sendable {
        let key: String
        let value: Value
        init(from decoder: any Decoder) throws {
            var container = try decoder.unkeyedContainer()
            key = try container.decode(String.self)
            value = try container.decode(Value.self)
        }
    }

    struct CredentialCase: Decodable, Sendable {
        let name: String
        let credential: JSONValue
        let epochs: [Int]
        let valid: [Bool]
    }

    struct TrustCase: Decodable, Sendable {
        let name: String
        let proof_of_personhood: Bool
        let credentials: [JSONValue]
        let epoch: Int
        let trust: Double
        let has_credential: [Pair<Bool>]
        let credential_value: [Pair<JSONValue>]
    }

    struct Operation: Decodable, Sendable {
        let agent_id: String
        let entity_id: String?
        let proof_of_personhood: Bool
        let current_epoch: Int
        let identity: JSONValue?
    }

    struct RegistryCase: Decodable, Sendable {
        let name: String
        let config: IdentityConfig
        let operations: [Operation]
        let trust_distribution: [Pair<Double>]
        let pop_verification_rate: Double
    }

    struct IssuerStep: Decodable, Sendable {
        let op: String
        let subject_id: String?
        let reputation: Double?
        let epoch: Int?
        let claim_type: String?
        let claim_value: JSONValue?
        let issuer_id: String?
        let credential: JSONValue?
        let index: Int?
        let result: Bool?
    }

    struct IssuerCase: Decodable, Sendable {
        let name: String
        let credential_expiry_epochs: Int
        let steps: [IssuerStep]
    }

    struct ClusterCase: Decodable, Sendable {
        let name: String
        let threshold: Double
        let enabled: Bool
        let patterns: [Pair<[Pair<Int>]>]
        let clusters: [[String]]
        let similarities: [[Double]]?
    }

    struct Effect: Decodable, Sendable {
        let cost_a: Double
        let cost_b: Double
        let reputation_deltas: [Pair<Double>]
        let resource_deltas: [Pair<Double>]
        let lever_name: String
        let details: [String: JSONValue]
        let agents_to_freeze: [String]
        let agents_to_unfreeze: [String]
    }

    struct LeverEvent: Decodable, Sendable {
        let type: String
        let initiator: String?
        let counterparty: String?
        let epoch: Int?
        let effect: Effect?
        let clusters: [[String]]?
        let flagged: [String]?
        let can_act: [Pair<Bool>]?
    }

    struct LeverCase: Decodable, Sendable {
        let name: String
        let config: GovernanceConfig
        let events: [LeverEvent]
    }

    struct Document: Decodable, Sendable {
        let credential_cases: [CredentialCase]
        let trust_cases: [TrustCase]
        let identity_roundtrip: [JSONValue]
        let registry_cases: [RegistryCase]
        let issuer_cases: [IssuerCase]
        let cluster_cases: [ClusterCase]
        let lever_cases: [LeverCase]
    }

    static let document: Document = try! Fixtures.load("identity.json")

    /// Decodes `T` from a JSON value.
    func decode<T: Decodable>(_ value: JSONValue, as _: T.Type = T.self) throws -> T {
        try JSONDecoder().decode(T.self, from: JSONEncoder().encode(value))
    }

    /// `value` re-read as a JSON value through our encoder.
    func json<T: Encodable>(_ value: T) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(value))
    }

    @Test("credential validity, and the Codable round trip with the reference's keys")
    func credentials() throws {
        #expect(Self.document.credential_cases.count >= 10)
        for testCase in Self.document.credential_cases {
            let credential: VerifiableCredential = try decode(testCase.credential)
            for (epoch, valid) in zip(testCase.epochs, testCase.valid) {
                #expect(credential.isValid(currentEpoch: epoch) == valid, "\(testCase.name) at \(epoch)")
            }
            #expect(try json(credential) == testCase.credential, "\(testCase.name)")
        }
    }

    @Test("trust scores, credential lookups")
    func trust() throws {
        for testCase in Self.document.trust_cases {
            let identity = AgentIdentity(
                agentID: "agent", credentials: try testCase.credentials.map { try decode($0) },
                proofOfPersonhood: testCase.proof_of_personhood)
            #expect(identity.computeTrustScore(currentEpoch: testCase.epoch) == testCase.trust, "\(testCase.name)")
            #expect(identity.trustScore == testCase.trust)
            for entry in testCase.has_credential {
                #expect(identity.hasCredential(claimType: entry.key, currentEpoch: testCase.epoch) == entry.value)
            }
            for entry in testCase.credential_value {
                let value = identity.credentialValue(claimType: entry.key, currentEpoch: testCase.epoch) ?? .null
                #expect(value == entry.value, "\(testCase.name) \(entry.key)")
            }
        }
    }

    @Test("identities round-trip through the reference's dictionaries")
    func identityRoundTrip() throws {
        for value in Self.document.identity_roundtrip {
            let identity: AgentIdentity = try decode(value)
            #expect(try json(identity) == value)
            let again: AgentIdentity = try decode(try json(identity))
            #expect(again == identity)
        }
    }

    @Test("registry: creation rules, trust distribution, proof-of-personhood rate")
    func registry() throws {
        for testCase in Self.document.registry_cases {
            let registry = try IdentityRegistry(config: testCase.config)
            for (step, operation) in testCase.operations.enumerated() {
                let created = registry.createIdentity(
                    agentID: operation.agent_id, entityID: operation.entity_id,
                    proofOfPersonhood: operation.proof_of_personhood,
                    currentEpoch: operation.current_epoch)
                if let expected = operation.identity, expected != .null {
                    let identity = try #require(created, "\(testCase.name) step \(step)")
                    #expect(identity.agentID == expected["agent_id"]?.description.trimmingCharacters(in: ["\""]))
                    #expect(identity.identityCost == expected["identity_cost"]?.number)
                    #expect(Double(identity.creationEpoch) == expected["creation_epoch"]?.number)
                    #expect(.bool(identity.proofOfPersonhood) == expected["proof_of_personhood"])
                    #expect(identity.trustScore == expected["trust_score"]?.number)
                    #expect(registry.identity(agentID: operation.agent_id) === identity)
                } else {
                    #expect(created == nil, "\(testCase.name) step \(step)")
                }
            }
            #expect(
                Array(registry.trustDistribution().keys) == testCase.trust_distribution.map(\.key), "\(testCase.name)")
            #expect(Array(registry.trustDistribution().values) == testCase.trust_distribution.map(\.value))
            #expect(registry.popVerificationRate() == testCase.pop_verification_rate, "\(testCase.name)")
        }
    }

    @Test("issuer: issue, verify, revoke")
    func issuer() throws {
        for testCase in Self.document.issuer_cases {
            // The reference's issuer does not validate its config (expiry 0 issues expired credentials).
            let issuer = CredentialIssuer(
                config: IdentityConfig(credentialExpiryEpochs: testCase.credential_expiry_epochs))
            var issued = [VerifiableCredential]()
            for step in testCase.steps {
                switch step.op {
                case "issue_reputation":
                    issued.append(
                        issuer.issueReputationCredential(
                            subjectID: step.subject_id!, reputation: step.reputation!,
                            currentEpoch: step.epoch!))
                case "issue_audit":
                    issued.append(issuer.issueAuditPass(subjectID: step.subject_id!, currentEpoch: step.epoch!))
                case "issue":
                    issued.append(
                        issuer.issueCredential(
                            subjectID: step.subject_id!, claimType: step.claim_type!,
                            claimValue: step.claim_value ?? .null, currentEpoch: step.epoch!,
                            issuerID: step.issuer_id!))
                case "verify":
                    let id = step.index.map { issued[$0].credentialID } ?? "unknown-credential"
                    #expect(issuer.verifyCredential(id, currentEpoch: step.epoch!) == step.result!, "\(testCase.name)")
                case "revoke":
                    let id = step.index.map { issued[$0].credentialID } ?? "unknown-credential"
                    #expect(issuer.revokeCredential(id) == step.result!, "\(testCase.name)")
                default:
                    Issue.record("unknown op \(step.op)")
                }
                if step.op.hasPrefix("issue"), case var .object(expected) = step.credential! {
                    guard case var .object(actual) = try json(issued.last!) else {
                        Issue.record("not an object"); continue
                    }
                    #expect(actual.removeValue(forKey: "credential_id") != nil)
                    expected.removeValue(forKey: "credential_id")
                    #expect(actual == expected, "\(testCase.name) \(step.op)")
                }
            }
            #expect(issuer.issued.count == issued.count)
        }
    }

    static func patterns(_ testCase: ClusterCase) -> OrderedDictionary<String, OrderedDictionary<String, Int>> {
        var patterns = OrderedDictionary<String, OrderedDictionary<String, Int>>()
        for agent in testCase.patterns {
            patterns[agent.key] = OrderedDictionary(uniqueKeysWithValues: agent.value.map { ($0.key, $0.value) })
        }
        return patterns
    }

    @Test("Sybil clusters equal the reference's on every path, also at and next to the threshold")
    func clusters() throws {
        var exactThresholdCases = 0
        for testCase in Self.document.cluster_cases {
            let registry = try IdentityRegistry(
                config: IdentityConfig(
                    sybilDetectionEnabled: testCase.enabled, behavioralSimilarityThreshold: testCase.threshold))
            let patterns = Self.patterns(testCase)
            for path in SimilarityPath.allCases {
                for threads in [1, 2] {
                    let found = registry.detectSybilClusters(
                        patterns: patterns,
                        options: SybilDetectionOptions(path: path, threads: threads))
                    #expect(found.map { $0.sorted() } == testCase.clusters, "\(testCase.name) \(path)")
                    #expect(registry.sybilClusters == found)
                }
            }
            let columnar = InteractionPatterns(patterns)
            for entry in testCase.similarities ?? [] {
                let score = PatternSimilarity.score(columnar.matrix, Int(entry[0]), Int(entry[1]), metric: .combined)
                #expect(abs(score - entry[2]) <= 1e-15 * max(1, abs(entry[2])), "\(testCase.name) \(entry)")
                if score == testCase.threshold { exactThresholdCases += 1 }
            }
        }
        #expect(exactThresholdCases >= 5, "pairs exactly at the threshold are exercised")
    }

    func check(_ effect: LeverEffect, _ expected: Effect, _ context: String) {
        #expect(effect.costA == expected.cost_a && effect.costB == expected.cost_b, "\(context)")
        #expect(
            effect.reputationDeltas.sorted { $0.key < $1.key }.map(\.key) == expected.reputation_deltas.map(\.key),
            "\(context)")
        for delta in expected.reputation_deltas {
            #expect(effect.reputationDeltas[delta.key] == delta.value, "\(context)")
        }
        #expect(Set(effect.resourceDeltas.keys) == Set(expected.resource_deltas.map(\.key)), "\(context)")
        for delta in expected.resource_deltas { #expect(effect.resourceDeltas[delta.key] == delta.value, "\(context)") }
        #expect(effect.leverName == expected.lever_name)
        #expect(effect.details == expected.details, "\(context)")
        #expect(effect.agentsToFreeze.sorted() == expected.agents_to_freeze)
        #expect(effect.agentsToUnfreeze.sorted() == expected.agents_to_unfreeze)
    }

    @Test("the lever across epochs: effects, clusters, flags, who may act")
    func lever() throws {
        for testCase in Self.document.lever_cases {
            for path in [SimilarityPath.dense, .sparse] {
                let lever = try SybilDetectionLever(
                    validating: testCase.config, options: SybilDetectionOptions(path: path))
                for (index, event) in testCase.events.enumerated() {
                    let context = "\(testCase.name) event \(index) \(path)"
                    switch event.type {
                    case "interaction":
                        let interaction = try SoftInteraction(
                            initiator: event.initiator!, counterparty: event.counterparty!)
                        check(lever.onInteraction(interaction), event.effect!, context)
                    case "epoch_start":
                        check(lever.onEpochStart(epoch: event.epoch!), event.effect!, context)
                        #expect(lever.clusters.map { $0.sorted() } == event.clusters!, "\(context)")
                        #expect(lever.flaggedAgents.sorted() == event.flagged!)
                        for entry in event.can_act! {
                            #expect(lever.canAgentAct(entry.key) == entry.value, "\(context)")
                        }
                    case "clear":
                        lever.clearHistory()
                        #expect(
                            lever.interactionPatterns.isEmpty && lever.clusters.isEmpty && lever.flaggedAgents.isEmpty)
                    default:
                        Issue.record("unknown event \(event.type)")
                    }
                }
            }
        }
    }
}
