import AgentEconomiesCABI
import AgentEconomiesCHeader

/// The similarity calls (`ae_sybil_clusters`, `ae_similar_pairs`) and the Sybil lever and identity registry handles.
extension CABISession {
    func sybilClusters(_ input: inout FuzzInput) {
        let csr = FuzzCSR(&input, maxRows: 30, maxColumns: 10, maxPerRow: 5)
        let threshold = input.byte() < 10 ? input.double() : input.unit()
        let metric = Int32(input.byte() < 8 ? input.int(-1...3) : input.int(0...2))
        let rule = Int32(input.byte() < 8 ? input.int(-1...2) : input.int(0...1))
        let threads = Int32(input.int(0...3))
        let indptr = arena.array(csr.indptr), indices = arena.array(csr.indices), counts = arena.array(csr.values)
        var outcomes: [[[Int64]]] = []
        for path in [AE_PATH_DENSE, AE_PATH_SPARSE, AE_PATH_AUTOMATIC] {
            let members = arena.output(csr.rows, Int64(-7)), offsets = arena.output(csr.rows + 1, Int64(-7))
            var clusterCount: Int64 = -1, pairsFound: Int64 = -1
            let status = call("ae_sybil_clusters") { error, size in
                ae_sybil_clusters(
                    Int64(csr.rows), Int64(csr.columns), indptr, indices, counts, threshold, metric, rule, path,
                    threads, members, offsets, &clusterCount, &pairsFound, error, size)
            }
            guard status == AE_OK else { return }
            let k = Int(clusterCount)
            require(k >= 0 && k <= csr.rows && offsets[0] == 0, "cluster count \(k)")
            var seen = Set<Int64>(), clusters: [[Int64]] = []
            for c in 0..<k {
                require(offsets[c + 1] - offsets[c] >= 2, "cluster \(c) has fewer than two members")
                let cluster = (Int(offsets[c])..<Int(offsets[c + 1])).map { members[$0] }
                for member in cluster {
                    require(member >= 0 && member < csr.rows && seen.insert(member).inserted, "member \(member)")
                }
                clusters.append(cluster)
            }
            outcomes.append(clusters)
        }
        require(outcomes.allSatisfy { $0 == outcomes[0] }, "paths disagree: \(outcomes)")
    }

    func similarPairs(_ input: inout FuzzInput) {
        let csr = FuzzCSR(&input, maxRows: 20, maxColumns: 8, maxPerRow: 4)
        let threshold = input.byte() < 10 ? input.double() : input.unit()
        let metric = Int32(input.int(0...2)), path = Int32(input.byte() < 6 ? input.int(-1...4) : input.int(0...2))
        let capacity = input.int(0...40)
        let first = arena.output(capacity, Int64(-7)), second = arena.output(capacity, Int64(-7))
        let scores = arena.output(capacity, -7.0)
        var found: Int64 = -1
        let status = call("ae_similar_pairs") { error, size in
            ae_similar_pairs(
                Int64(csr.rows), Int64(csr.columns), arena.array(csr.indptr), arena.array(csr.indices),
                arena.array(csr.values), threshold, metric, path, Int32(input.int(0...3)), Int64(capacity), first,
                second, scores, &found, error, size)
        }
        if status == AE_ERROR_CAPACITY { require(found > capacity, "pair capacity error with \(found) pairs") }
        guard status == AE_OK || status == AE_ERROR_CAPACITY else { return }
        let written = min(Int(found), capacity)
        for k in 0..<written {
            require(first[k] >= 0 && first[k] < second[k] && second[k] < csr.rows, "pair \(first[k]), \(second[k])")
            require(scores[k] >= threshold, "pair score \(scores[k]) below \(threshold)")
            if k > 0 {
                require((first[k - 1], second[k - 1]) < (first[k], second[k]), "pairs out of order at \(k)")
            }
        }
    }

    func sybilLever(_ input: inout FuzzInput) {
        switch input.int(0...4) {
        case 0:
            var handle: OpaquePointer?
            let threshold = input.byte() < 10 ? input.double() : input.unit()
            if call(
                "ae_sybil_lever_create",
                {
                    ae_sybil_lever_create(
                        threshold, Int32(input.int(-1...3)), Int32(input.int(0...2)), Int32(input.int(0...3)), &handle, $0, $1)
                }) == AE_OK
            {
                levers.append(adopt(handle))
            }
        case 1: destroy(&levers, &input, "ae_sybil_lever_destroy") { ae_sybil_lever_destroy($0, $1, $2) }
        default:
            var stale = false
            let handle = pick(levers, &input, &stale)
            let n = input.int(0...30)
            let initiators = (0..<n).map { _ in Int32(input.int(-1...12)) }
            let counterparties = (0..<n).map { _ in Int32(input.int(-1...12)) }
            requireRefused(
                call("ae_sybil_lever_record") {
                    ae_sybil_lever_record(handle, Int64(n), self.arena.array(initiators), self.arena.array(counterparties), $0, $1)
                }, stale, "ae_sybil_lever_record")
            var clusters: Int64 = -1, flagged: Int64 = -1
            let detected = call("ae_sybil_lever_detect") {
                ae_sybil_lever_detect(handle, Int32(input.int(0...3)), &clusters, &flagged, $0, $1)
            }
            requireRefused(detected, stale, "ae_sybil_lever_detect")
            guard detected == AE_OK else { return }
            require(clusters >= 0 && flagged >= 2 * clusters, "lever: \(clusters) clusters, \(flagged) flagged")
            let memberCapacity = input.int(0...26), offsetCapacity = input.int(0...14)
            let members = arena.output(memberCapacity, Int32(-7)), offsets = arena.output(offsetCapacity, Int64(-7))
            var count: Int64 = -1
            let listed = call("ae_sybil_lever_clusters") {
                ae_sybil_lever_clusters(handle, members, Int64(memberCapacity), offsets, Int64(offsetCapacity), &count, $0, $1)
            }
            require(listed == AE_OK || listed == AE_ERROR_CAPACITY, "lever clusters: \(listed)")
            require(count == clusters, "lever lists \(count) clusters, detected \(clusters)")
            if listed == AE_OK {
                require(offsets[Int(count)] == flagged, "lever members \(offsets[Int(count)]) != flagged \(flagged)")
            }
        }
    }

    func identityRegistry(_ input: inout FuzzInput) {
        switch input.int(0...4) {
        case 0:
            var options = ae_identity_options()
            ae_identity_options_default(&options)
            options.max_identities_per_entity = Int32(input.int(0...3))
            options.credential_expiry_epochs = Int32(input.int(0...5))
            options.proof_of_personhood_required = Int32(input.int(0...2))
            if input.bool() { options.behavioral_similarity_threshold = input.double() }
            var handle: OpaquePointer?
            if call("ae_identity_registry_create", { ae_identity_registry_create(&options, &handle, $0, $1) }) == AE_OK {
                registries.append(adopt(handle))
            }
        case 1:
            destroy(&registries, &input, "ae_identity_registry_destroy") { ae_identity_registry_destroy($0, $1, $2) }
        default:
            var stale = false
            let handle = pick(registries, &input, &stale)
            for _ in 0..<input.int(0...6) {
                var created: Int32 = -1, trust = -7.0
                requireRefused(
                    call("ae_identity_registry_create_identity") {
                        ae_identity_registry_create_identity(
                            handle, Int32(input.int(-1...8)), Int64(input.int(-1...3)), Int32(input.int(0...1)),
                            Int64(input.int(-1...9)), &created, &trust, $0, $1)
                    }, stale, "create_identity")
                var credential: Int64 = -1
                let epoch = input.byte() < 4 ? Int64.max - Int64(input.int(0...3)) : Int64(input.int(-1...9))
                requireRefused(
                    call("ae_identity_registry_add_credential") {
                        ae_identity_registry_add_credential(handle, Int32(input.int(-1...8)), epoch, &credential, $0, $1)
                    }, stale, "add_credential")
            }
            let capacity = input.int(0...10)
            let agents = arena.output(capacity, Int32(-7)), scores = arena.output(capacity, -7.0)
            var count: Int64 = -1, rate = -7.0
            let scored = call("ae_identity_registry_trust_scores") {
                ae_identity_registry_trust_scores(
                    handle, Int64(input.int(-1...60)), Int64(capacity), agents, scores, &count, &rate, $0, $1)
            }
            requireRefused(scored, stale, "trust_scores")
            if scored == AE_OK {
                for k in 0..<min(Int(count), capacity) { require(scores[k] >= 0.3 && scores[k] <= 1, "trust \(scores[k])") }
                require(rate >= 0 && rate <= 1, "proof-of-personhood rate \(rate)")
            }
        }
    }
}
