import Foundation

/// An unforgeable claim about an agent's history, with an expiry and revocation.
///
/// A class, as in the reference: the credential an issuer revokes is the same object an
/// identity holds, so revocation shows in the identity's trust score. Encodes with the
/// reference's keys (`credential_id`, `issuer_id`, `subject_id`, `claim_type`,
/// `claim_value`, `issued_epoch`, `expires_epoch`, `revoked`).
public final class VerifiableCredential: Codable, Equatable, CustomStringConvertible {
    /// Unique ID (a new UUID string by default).
    public let credentialID: String
    /// Who issued it (`"system"` for the ``CredentialIssuer``).
    public var issuerID: String
    /// The agent the claim is about.
    public var subjectID: String
    /// What is claimed: `"reputation_history"`, `"audit_pass"`, `"task_completion"`, ...
    public var claimType: String
    /// The claim's value.
    public var claimValue: JSONValue
    /// Epoch of issue.
    public var issuedEpoch: Int
    /// First epoch at which the credential is no longer valid; nil: it never expires.
    public var expiresEpoch: Int?
    /// Whether the credential was revoked.
    public var revoked: Bool

    /// A credential; every argument has the reference's default.
    public init(
        credentialID: String = RandomUUID.string(), issuerID: String = "", subjectID: String = "",
        claimType: String = "", claimValue: JSONValue = .null, issuedEpoch: Int = 0,
        expiresEpoch: Int? = nil, revoked: Bool = false
    ) {
        self.credentialID = credentialID
        self.issuerID = issuerID
        self.subjectID = subjectID
        self.claimType = claimType
        self.claimValue = claimValue
        self.issuedEpoch = issuedEpoch
        self.expiresEpoch = expiresEpoch
        self.revoked = revoked
    }

    /// Valid at `currentEpoch`: not revoked and (no expiry or `currentEpoch < expiresEpoch`).
    /// The issue epoch is not checked, as in the reference.
    public func isValid(currentEpoch: Int) -> Bool {
        if revoked { return false }
        if let expiresEpoch, currentEpoch >= expiresEpoch { return false }
        return true
    }

    /// Field-by-field equality.
    ///
    /// - Complexity: O(size of the claim values).
    public static func == (lhs: VerifiableCredential, rhs: VerifiableCredential) -> Bool {
        lhs.credentialID == rhs.credentialID && lhs.issuerID == rhs.issuerID && lhs.subjectID == rhs.subjectID
            && lhs.claimType == rhs.claimType && lhs.claimValue == rhs.claimValue
            && lhs.issuedEpoch == rhs.issuedEpoch && lhs.expiresEpoch == rhs.expiresEpoch && lhs.revoked == rhs.revoked
    }

    /// A one-line summary.
    public var description: String {
        "VerifiableCredential(\(credentialID), \(claimType) of \(subjectID) by \(issuerID), epochs \(issuedEpoch)..<"
            + "\(expiresEpoch.map(String.init) ?? "never")\(revoked ? ", revoked" : ""))"
    }

    enum CodingKeys: String, CodingKey {
        case credentialID = "credential_id"
        case issuerID = "issuer_id"
        case subjectID = "subject_id"
        case claimType = "claim_type"
        case claimValue = "claim_value"
        case issuedEpoch = "issued_epoch"
        case expiresEpoch = "expires_epoch"
        case revoked
    }

    /// Decodes the reference's dictionary; `claim_value`, `expires_epoch` and `revoked` may be missing.
    ///
    /// - Complexity: O(size of the claim value).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        credentialID = try container.decode(String.self, forKey: .credentialID)
        issuerID = try container.decode(String.self, forKey: .issuerID)
        subjectID = try container.decode(String.self, forKey: .subjectID)
        claimType = try container.decode(String.self, forKey: .claimType)
        claimValue = try container.decodeIfPresent(JSONValue.self, forKey: .claimValue) ?? .null
        issuedEpoch = try container.decode(Int.self, forKey: .issuedEpoch)
        expiresEpoch = try container.decodeIfPresent(Int.self, forKey: .expiresEpoch)
        revoked = try container.decodeIfPresent(Bool.self, forKey: .revoked) ?? false
    }

    /// Encodes every key, `expires_epoch` as `null` when there is no expiry.
    ///
    /// - Complexity: O(size of the claim value).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(credentialID, forKey: .credentialID)
        try container.encode(issuerID, forKey: .issuerID)
        try container.encode(subjectID, forKey: .subjectID)
        try container.encode(claimType, forKey: .claimType)
        try container.encode(claimValue, forKey: .claimValue)
        try container.encode(issuedEpoch, forKey: .issuedEpoch)
        try container.encode(expiresEpoch, forKey: .expiresEpoch)
        try container.encode(revoked, forKey: .revoked)
    }
}
