import OrderedCollections

/// System-level issuance, verification and revocation of credentials.
///
/// Like the reference, the issuer does not validate its configuration: with
/// `credentialExpiryEpochs` below 1 its credentials are expired when issued.
public final class CredentialIssuer {
    /// The configuration (only `credentialExpiryEpochs` is read).
    public let config: IdentityConfig
    /// Every credential issued, by ID, in issue order.
    public private(set) var issued: OrderedDictionary<String, VerifiableCredential> = [:]

    /// An issuer with `config`.
    public init(config: IdentityConfig = IdentityConfig()) {
        self.config = config
    }

    /// Issues a credential about `subjectID`, valid from `currentEpoch` until
    /// `currentEpoch + credentialExpiryEpochs`, and records it.
    @discardableResult
    public func issueCredential(
        subjectID: String, claimType: String, claimValue: JSONValue, currentEpoch: Int,
        issuerID: String = "system"
    ) -> VerifiableCredential {
        let credential = VerifiableCredential(
            issuerID: issuerID, subjectID: subjectID, claimType: claimType,
            claimValue: claimValue, issuedEpoch: currentEpoch,
            expiresEpoch: currentEpoch + config.credentialExpiryEpochs)
        issued[credential.credentialID] = credential
        return credential
    }

    /// Whether the credential `credentialID` was issued here and is valid at `currentEpoch`
    /// (false for an unknown ID).
    public func verifyCredential(_ credentialID: String, currentEpoch: Int) -> Bool {
        issued[credentialID]?.isValid(currentEpoch: currentEpoch) ?? false
    }

    /// Revokes the credential `credentialID`; false for an unknown ID. Every holder of the
    /// credential sees the revocation (credentials are shared objects).
    @discardableResult
    public func revokeCredential(_ credentialID: String) -> Bool {
        guard let credential = issued[credentialID] else { return false }
        credential.revoked = true
        return true
    }

    /// A `"reputation_history"` credential with value `{"reputation": reputation, "epoch": currentEpoch}`.
    @discardableResult
    public func issueReputationCredential(
        subjectID: String, reputation: Double, currentEpoch: Int
    ) -> VerifiableCredential {
        issueCredential(
            subjectID: subjectID, claimType: "reputation_history",
            claimValue: .object(["reputation": .double(reputation), "epoch": .int(currentEpoch)]),
            currentEpoch: currentEpoch)
    }

    /// An `"audit_pass"` credential with value `{"epoch": currentEpoch}`.
    @discardableResult
    public func issueAuditPass(subjectID: String, currentEpoch: Int) -> VerifiableCredential {
        issueCredential(
            subjectID: subjectID, claimType: "audit_pass", claimValue: .object(["epoch": .int(currentEpoch)]),
            currentEpoch: currentEpoch)
    }
}
