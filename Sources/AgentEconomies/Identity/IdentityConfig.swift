/// Configuration of the identity infrastructure, with the reference's defaults.
///
/// The initializer does not check; ``validate()`` does, and ``IdentityRegistry`` calls it.
public struct IdentityConfig: Sendable, Equatable, Codable {
    /// What creating an identity costs (>= 0).
    public var identityCreationCost: Double
    /// Whether identities need proof of personhood.
    public var proofOfPersonhoodRequired: Bool
    /// Credentials expire this many epochs after issue (>= 1).
    public var credentialExpiryEpochs: Int
    /// Whether ``IdentityRegistry/detectSybilClusters(patterns:options:)`` runs at all.
    public var sybilDetectionEnabled: Bool
    /// Identities one entity may control (>= 1).
    public var maxIdentitiesPerEntity: Int
    /// Similarity at or above which two agents are clustered (in [0, 1]).
    public var behavioralSimilarityThreshold: Double

    /// A configuration; every argument has the reference's default.
    public init(
        identityCreationCost: Double = 10, proofOfPersonhoodRequired: Bool = false,
        credentialExpiryEpochs: Int = 50, sybilDetectionEnabled: Bool = true,
        maxIdentitiesPerEntity: Int = 1, behavioralSimilarityThreshold: Double = 0.8
    ) {
        self.identityCreationCost = identityCreationCost
        self.proofOfPersonhoodRequired = proofOfPersonhoodRequired
        self.credentialExpiryEpochs = credentialExpiryEpochs
        self.sybilDetectionEnabled = sybilDetectionEnabled
        self.maxIdentitiesPerEntity = maxIdentitiesPerEntity
        self.behavioralSimilarityThreshold = behavioralSimilarityThreshold
    }

    /// Throws an `AgentEconomiesError` naming the first field out of range.
    public func validate() throws {
        try Validate.nonNegative(identityCreationCost, "IdentityConfig.identityCreationCost")
        try Validate.atLeast(credentialExpiryEpochs, 1, "IdentityConfig.credentialExpiryEpochs")
        try Validate.atLeast(maxIdentitiesPerEntity, 1, "IdentityConfig.maxIdentitiesPerEntity")
        try Validate.inRange(behavioralSimilarityThreshold, 0, 1, "IdentityConfig.behavioralSimilarityThreshold")
    }

    enum CodingKeys: String, CodingKey {
        case identityCreationCost = "identity_creation_cost"
        case proofOfPersonhoodRequired = "proof_of_personhood_required"
        case credentialExpiryEpochs = "credential_expiry_epochs"
        case sybilDetectionEnabled = "sybil_detection_enabled"
        case maxIdentitiesPerEntity = "max_identities_per_entity"
        case behavioralSimilarityThreshold = "behavioral_similarity_threshold"
    }
}
