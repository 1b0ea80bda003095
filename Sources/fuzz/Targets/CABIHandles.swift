import AgentEconomiesCABI
import AgentEconomiesCHeader

/// Handles of every kind: picking live, stale and NULL ones, refusals, destroying.
extension CABISession {
    /// A live handle of a pool, a destroyed one, or NULL (`stale` when not live).
    func pick(_ pool: [OpaquePointer], _ input: inout FuzzInput, _ stale: inout Bool) -> OpaquePointer? {
        let choice = input.byte()
        if choice < 8 || pool.isEmpty {
            stale = true
            return choice & 1 == 0 || destroyed.isEmpty ? nil : destroyed[Int(choice) % destroyed.count]
        }
        return pool[Int(choice) % pool.count]
    }

    func requireRefused(_ status: ae_status, _ stale: Bool, _ name: String) {
        if stale {
            require(status != AE_OK, "\(name) accepted a stale or NULL handle")
        }
    }

    func destroy(
        _ pool: inout [OpaquePointer], _ input: inout FuzzInput, _ name: String,
        _ body: (OpaquePointer?, UnsafeMutablePointer<CChar>?, Int) -> ae_status
    ) {
        var stale = false
        let picked = pick(pool, &input, &stale)
        guard let handle = picked, !stale else {
            let status = call(name) { body(picked, $0, $1) }
            // Destroying NULL is a no-op (as free(NULL) is); a destroyed handle is refused.
            if picked == nil { require(status == AE_OK, "\(name)(NULL) returned \(status)") }
            requireRefused(status, picked != nil, name)
            return
        }
        require(call(name) { body(handle, $0, $1) } == AE_OK, "\(name) failed on a live handle")
        pool.removeAll { $0 == handle }
        destroyed.append(handle)
        requireRefused(call(name) { body(handle, $0, $1) }, true, name + " twice")
    }

    /// Handles that were never created (addresses the library never returned), destroyed
    /// ones, and NULL: every kind of call refuses them.
    func foreignHandles(_ input: inout FuzzInput) {
        let address = UInt(input.int(1...65_535)) << 4
        let handles: [OpaquePointer?] = [OpaquePointer(bitPattern: address), nil] + destroyed.prefix(2).map { $0 }
        for handle in handles {
            var state = ae_hfn_state(), volatility = 0.0, count: Int64 = 0, info = ae_mission_info()
            var permeability = ae_permeability_state(), flagged: Int32 = 0
            let results = [
                call("hfn") { ae_hfn_state_get(handle, &state, $0, $1) },
                call("detector") { ae_crash_detector_state(handle, &volatility, nil, nil, $0, $1) },
                call("model") { ae_permeability_model_state(handle, &permeability, $0, $1) },
                call("lever") { ae_sybil_lever_is_flagged(handle, 0, &flagged, &count, $0, $1) },
                call("registry") { ae_identity_registry_trust_scores(handle, 0, 0, nil, nil, &count, nil, $0, $1) },
                call("economy") { ae_mission_economy_info(handle, 0, &info, $0, $1) },
            ]
            require(
                results.allSatisfy { $0 == AE_ERROR_UNKNOWN_ID || $0 == AE_ERROR_NULL_POINTER }, "foreign handle accepted: \(results)")
        }
        // A live handle of one kind is not a handle of another.
        if let hfn = hfns.first {
            var info = ae_mission_info()
            let status = call("economy with an hfn handle") { ae_mission_economy_info(hfn, 0, &info, $0, $1) }
            require(status == AE_ERROR_UNKNOWN_ID, "an hfn handle passed as a mission economy: \(status)")
        }
    }

    /// Destroys every live handle (LeakSanitizer would report the rest).
    func destroyAll() {
        for handle in hfns { _ = ae_hfn_destroy(handle, nil, 0) }
        for handle in detectors { _ = ae_crash_detector_destroy(handle, nil, 0) }
        for handle in models { _ = ae_permeability_model_destroy(handle, nil, 0) }
        for handle in levers { _ = ae_sybil_lever_destroy(handle, nil, 0) }
        for handle in registries { _ = ae_identity_registry_destroy(handle, nil, 0) }
        for handle in economies { _ = ae_mission_economy_destroy(handle, nil, 0) }
    }
}
