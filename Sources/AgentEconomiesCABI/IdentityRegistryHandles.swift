import AgentEconomiesCHeader
import AgentEconomiesKernels

/// The state behind an `ae_identity_registry` handle: identities on integer agent handles,
/// in creation order, with the agents recorded under each entity and their credentials.
struct IdentityRegistryState: Sendable {
    struct Identity: Sendable {
        let agent: Int32
        let proofOfPersonhood: Bool
        var credentials: [Int] = []
    }

    struct Credential: Sendable {
        let issuedEpoch: Int
        let expiresEpoch: Int
        var revoked = false

        func isValid(at epoch: Int) -> Bool { !revoked && epoch < expiresEpoch }
    }

    let options: ae_identity_options
    var identities: [Identity] = []
    var identityOfAgent: [Int32: Int] = [:]
    var entityCounts: [Int64: Int] = [:]
    var entityMembers: Set<[Int64]> = []
    var credentials: [Credential] = []

    /// The reference's trust score (`trustScore(proofOfPersonhood:validCredentials:)`) at `epoch`.
    func trust(_ identity: Identity, at epoch: Int) -> Double {
        let valid = identity.credentials.lazy.filter { credentials[$0].isValid(at: epoch) }.count
        return trustScore(proofOfPersonhood: identity.proofOfPersonhood, validCredentials: valid)
    }
}

/// `ae_identity_options_default`.
@c(ae_identity_options_default)
public func aeIdentityOptionsDefault(_ options: UnsafeMutablePointer<ae_identity_options>?) {
    options?.pointee = ae_identity_options(
        struct_size: MemoryLayout<ae_identity_options>.size, identity_creation_cost: 10.0, proof_of_personhood_required: 0,
        credential_expiry_epochs: 50,
        sybil_detection_enabled: 1, max_identities_per_entity: 1, behavioral_similarity_threshold: 0.8)
}

/// `ae_identity_registry_create`.
@c(ae_identity_registry_create)
public func aeIdentityRegistryCreate(
    _ options: UnsafePointer<ae_identity_options>?, _ registry: UnsafeMutablePointer<OpaquePointer?>?,
    _ error: UnsafeMutablePointer<CChar>?, _ errorSize: Int
) -> ae_status {
    call(error, errorSize) {
        guard let options else { throw CallError.null("options") }
        let out = try Buffer.required(registry, "registry")
        let o = options.pointee
        try checkStructSize(o.struct_size, MemoryLayout<ae_identity_options>.size, "options")
        try Validate.nonNegative(o.identity_creation_cost, "options.identity_creation_cost")
        _ = try flag(o.proof_of_personhood_required, "options.proof_of_personhood_required")
        _ = try flag(o.sybil_detection_enabled, "options.sybil_detection_enabled")
        try Validate.atLeast(Int(o.credential_expiry_epochs), 1, "options.credential_expiry_epochs")
        try Validate.atLeast(Int(o.max_identities_per_entity), 1, "options.max_identities_per_entity")
        try Validate.inRange(o.behavioral_similarity_threshold, 0, 1, "options.behavioral_similarity_threshold")
        out.pointee = Handles.register(HandleBox(IdentityRegistryState(options: o)))
    }
}

/// `ae_identity_registry_destroy`.
@c(ae_identity_registry_destroy)
public func aeIdentityRegistryDestroy(
    _ registry: OpaquePointer?, _ error: UnsafeMutablePointer<CChar>?, _ errorSize: Int
) -> ae_status {
    call(error, errorSize) { try Handles.destroy(registry, "registry", as: IdentityRegistryState.self) }
}

/// `ae_identity_registry_create_identity`.
@c(ae_identity_registry_create_identity)
public func aeIdentityRegistryCreateIdentity(
    _ registry: OpaquePointer?, _ agent: Int32, _ entity: Int64, _ proofOfPersonhood: Int32, _ epoch: Int64,
    _ created: UnsafeMutablePointer<Int32>?, _ trust: UnsafeMutablePointer<Double>?,
    _ error: UnsafeMutablePointer<CChar>?, _ errorSize: Int
) -> ae_status {
    call(error, errorSize) {
        let createdOut = try Buffer.required(created, "created")
        let pop = try flag(proofOfPersonhood, "proof_of_personhood")
        if agent < 0 { throw CallError(status: AE_ERROR_OUT_OF_RANGE, message: "agent must be >= 0, got \(agent)") }
        let score = try Handles.with(registry, "registry") { (state: inout IdentityRegistryState) -> Double? in
            if state.identityOfAgent[agent] != nil { return nil }
            if entity >= 0 {
                if state.entityCounts[entity, default: 0] >= Int(state.options.max_identities_per_entity) { return nil }
                // As in the reference, the agent takes the entity's place before the proof check.
                if state.entityMembers.insert([entity, Int64(agent)]).inserted { state.entityCounts[entity, default: 0] += 1 }
            }
            if state.options.proof_of_personhood_required == 1 && !pop { return nil }
            let identity = IdentityRegistryState.Identity(agent: agent, proofOfPersonhood: pop)
            state.identityOfAgent[agent] = state.identities.count
            state.identities.append(identity)
            return state.trust(identity, at: Int(epoch))
        }
        createdOut.pointee = score == nil ? 0 : 1
        if let score { trust?.pointee = score }
    }
}

/// `ae_identity_registry_add_credential`.
@c(ae_identity_registry_add_credential)
public func aeIdentityRegistryAddCredential(
    _ registry: OpaquePointer?, _ agent: Int32, _ issuedEpoch: Int64, _ credential: UnsafeMutablePointer<Int64>?,
    _ error: UnsafeMutablePointer<CChar>?, _ errorSize: Int
) -> ae_status {
    call(error, errorSize) {
        let out = try Buffer.required(credential, "credential")
        out.pointee = try Handles.with(registry, "registry") { (state: inout IdentityRegistryState) in
            guard let index = state.identityOfAgent[agent] else {
                throw CallError(status: AE_ERROR_UNKNOWN_ID, message: "agent \(agent) has no identity")
            }
            let issued = Int(issuedEpoch)
            let (expires, overflow) = issued.addingReportingOverflow(Int(state.options.credential_expiry_epochs))
            if overflow {
                throw CallError(
                    status: AE_ERROR_OUT_OF_RANGE,
                    message: "issued_epoch \(issuedEpoch) plus credential_expiry_epochs overflows int64")
            }
            state.credentials.append(IdentityRegistryState.Credential(issuedEpoch: issued, expiresEpoch: expires))
            state.identities[index].credentials.append(state.credentials.count - 1)
            return Int64(state.credentials.count - 1)
        }
    }
}

/// `ae_identity_registry_revoke_credential`.
@c(ae_identity_registry_revoke_credential)
public func aeIdentityRegistryRevokeCredential(
    _ registry: OpaquePointer?, _ credential: Int64, _ error: UnsafeMutablePointer<CChar>?, _ errorSize: Int
) -> ae_status {
    call(error, errorSize) {
        try Handles.with(registry, "registry") { (state: inout IdentityRegistryState) in
            guard credential >= 0, credential < Int64(state.credentials.count) else {
                throw CallError(status: AE_ERROR_UNKNOWN_ID, message: "credential \(credential) was never issued")
            }
            state.credentials[Int(credential)].revoked = true
        }
    }
}

/// `ae_identity_registry_trust_scores`.
@c(ae_identity_registry_trust_scores)
public func aeIdentityRegistryTrustScores(
    _ registry: OpaquePointer?, _ epoch: Int64, _ capacity: Int64, _ agents: UnsafeMutablePointer<Int32>?,
    _ scores: UnsafeMutablePointer<Double>?, _ count: UnsafeMutablePointer<Int64>?,
    _ popRate: UnsafeMutablePointer<Double>?, _ error: UnsafeMutablePointer<CChar>?, _ errorSize: Int
) -> ae_status {
    call(error, errorSize) {
        let room = try Buffer.count(capacity, "capacity")
        let countOut = try Buffer.required(count, "count")
        try Handles.with(registry, "registry") { (state: inout IdentityRegistryState) in
            let identities = state.identities
            countOut.pointee = Int64(identities.count)
            let verified = identities.lazy.filter(\.proofOfPersonhood).count
            popRate?.pointee = identities.isEmpty ? 0 : Double(verified) / Double(identities.count)
            if identities.count > room {
                throw CallError(
                    status: AE_ERROR_CAPACITY, message: "capacity must be at least \(identities.count), got \(room)")
            }
            let agentsOut = try Buffer.output(agents, identities.count, "agents")
            let scoresOut = try Buffer.output(scores, identities.count, "scores")
            for (index, identity) in identities.enumerated() {
                agentsOut[index] = identity.agent
                scoresOut[index] = state.trust(identity, at: Int(epoch))
            }
        }
    }
}

/// `ae_identity_registry_detect_sybils`.
@c(ae_identity_registry_detect_sybils)
public func aeIdentityRegistryDetectSybils(
    _ registry: OpaquePointer?, _ rows: Int64, _ columns: Int64, _ indptr: UnsafePointer<Int64>?,
    _ indices: UnsafePointer<Int32>?, _ counts: UnsafePointer<Double>?, _ threads: Int32,
    _ members: UnsafeMutablePointer<Int64>?, _ clusterOffsets: UnsafeMutablePointer<Int64>?,
    _ clusterCount: UnsafeMutablePointer<Int64>?, _ error: UnsafeMutablePointer<CChar>?, _ errorSize: Int
) -> ae_status {
    call(error, errorSize) {
        let options = try Handles.with(registry, "registry") { (state: inout IdentityRegistryState) in state.options }
        if options.sybil_detection_enabled == 0 {
            try Buffer.required(clusterCount, "cluster_count").pointee = 0
            clusterOffsets?.pointee = 0
            return
        }
        try clusters(
            rows: rows, columns: columns, indptr: indptr, indices: indices, counts: counts,
            threshold: options.behavioral_similarity_threshold, metric: AE_METRIC_COMBINED,
            clustering: AE_CLUSTERING_GREEDY, path: AE_PATH_AUTOMATIC, threads: threads, members: members,
            clusterOffsets: clusterOffsets, clusterCount: clusterCount, pairsFound: nil)
    }
}
