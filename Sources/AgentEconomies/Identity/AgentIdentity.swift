import AgentEconomiesKernels

/// An agent's identity with its trust infrastructure: credentials, proof of personhood,
/// linked identities and a trust score.
///
/// A class, as in the reference: the identity the registry returns is the one it keeps, so
/// appending a credential to it is seen by ``IdentityRegistry/trustDistribution()`` once the
/// score is recomputed. Encodes with the reference's keys (`agent_id`, `identity_cost`,
/// `creation_epoch`, `credentials`, `proof_of_personhood`, `linked_identities` (sorted),
/// `trust_score`).
public final class AgentIdentity: Codable, Equatable {
    /// The agent's ID.
    public let agentID: String
    /// What creating the identity cost.
    public var identityCost: Double
    /// Epoch of creation.
    public var creationEpoch: Int
    /// The credentials the agent holds.
    public var credentials: [VerifiableCredential]
    /// Whether proof of personhood was verified.
    public var proofOfPersonhood: Bool
    /// Other identities known to belong to the same entity.
    public var linkedIdentities: Set<String>
    /// The last computed trust score (0.5 until ``computeTrustScore(currentEpoch:)`` runs).
    public var trustScore: Double

    /// An identity; every argument has the reference's default.
    public init(
        agentID: String = "", identityCost: Double = 0, creationEpoch: Int = 0,
        credentials: [VerifiableCredential] = [], proofOfPersonhood: Bool = false,
        linkedIdentities: Set<String> = [], trustScore: Double = 0.5
    ) {
        self.agentID = agentID
        self.identityCost = identityCost
        self.creationEpoch = creationEpoch
        self.credentials = credentials
        self.proofOfPersonhood = proofOfPersonhood
        self.linkedIdentities = linkedIdentities
        self.trustScore = trustScore
    }

    /// Whether a credential of `claimType` is valid at `currentEpoch`.
    ///
    /// - Complexity: O(credentials).
    public func hasCredential(claimType: String, currentEpoch: Int = 0) -> Bool {
        credentials.contains { $0.claimType == claimType && $0.isValid(currentEpoch: currentEpoch) }
    }

    /// The value of the first credential of `claimType` valid at `currentEpoch`; nil if none.
    ///
    /// - Complexity: O(credentials).
    public func credentialValue(claimType: String, currentEpoch: Int = 0) -> JSONValue? {
        credentials.first { $0.claimType == claimType && $0.isValid(currentEpoch: currentEpoch) }?.claimValue
    }

    /// Trust from the credentials valid at `currentEpoch`:
    /// `min(1, 0.3 + 0.2 (proof of personhood) + min(0.5, 0.1 x valid credentials))`,
    /// summed in that order as the reference does. Stores it in ``trustScore``.
    ///
    /// - Complexity: O(credentials).
    @discardableResult
    public func computeTrustScore(currentEpoch: Int = 0) -> Double {
        let valid = credentials.reduce(0) { $0 + ($1.isValid(currentEpoch: currentEpoch) ? 1 : 0) }
        trustScore = AgentEconomiesKernels.trustScore(proofOfPersonhood: proofOfPersonhood, validCredentials: valid)
        return trustScore
    }

    /// Field-by-field equality.
    ///
    /// - Complexity: O(credentials + linked identities).
    public static func == (lhs: AgentIdentity, rhs: AgentIdentity) -> Bool {
        lhs.agentID == rhs.agentID && lhs.identityCost == rhs.identityCost && lhs.creationEpoch == rhs.creationEpoch
            && lhs.credentials == rhs.credentials && lhs.proofOfPersonhood == rhs.proofOfPersonhood
            && lhs.linkedIdentities == rhs.linkedIdentities && lhs.trustScore == rhs.trustScore
    }

    enum CodingKeys: String, CodingKey {
        case agentID = "agent_id"
        case identityCost = "identity_cost"
        case creationEpoch = "creation_epoch"
        case credentials
        case proofOfPersonhood = "proof_of_personhood"
        case linkedIdentities = "linked_identities"
        case trustScore = "trust_score"
    }

    /// Decodes the reference's dictionary; every key but `agent_id` may be missing.
    ///
    /// - Complexity: O(credentials + linked identities).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        agentID = try container.decode(String.self, forKey: .agentID)
        identityCost = try container.decodeIfPresent(Double.self, forKey: .identityCost) ?? 0
        creationEpoch = try container.decodeIfPresent(Int.self, forKey: .creationEpoch) ?? 0
        credentials = try container.decodeIfPresent([VerifiableCredential].self, forKey: .credentials) ?? []
        proofOfPersonhood = try container.decodeIfPresent(Bool.self, forKey: .proofOfPersonhood) ?? false
        linkedIdentities = Set(try container.decodeIfPresent([String].self, forKey: .linkedIdentities) ?? [])
        trustScore = try container.decodeIfPresent(Double.self, forKey: .trustScore) ?? 0.5
    }

    /// Encodes every key; linked identities as a sorted array.
    ///
    /// - Complexity: O(credentials + l log l) for l linked identities (sorted).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(agentID, forKey: .agentID)
        try container.encode(identityCost, forKey: .identityCost)
        try container.encode(creationEpoch, forKey: .creationEpoch)
        try container.encode(credentials, forKey: .credentials)
        try container.encode(proofOfPersonhood, forKey: .proofOfPersonhood)
        try container.encode(linkedIdentities.sorted(), forKey: .linkedIdentities)
        try container.encode(trustScore, forKey: .trustScore)
    }
}
