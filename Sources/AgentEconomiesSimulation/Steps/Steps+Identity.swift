import AgentEconomiesKernels

extension Steps {
    /// Reputation credentials from each agent's mean p, then trust scores.
    @Sendable static func identity(_ state: inout SimulationState, _ context: inout EpochContext) throws {
        let n = state.population.count, interactions = context.interactions
        var meanP = [Double](repeating: 0.5, count: n)
        context.earnedCredential = [Bool](repeating: false, count: n)
        let threshold = state.scenario.identity.credentialThreshold
        for agent in 0..<n {
            let range = interactions.offsets[agent]..<interactions.offsets[agent + 1]
            state.credentialEpochs[agent] <<= 1
            if range.isEmpty { continue }
            var sum = 0.0
            for index in range { sum += interactions.p[index] }
            meanP[agent] = sum / Double(range.count)
            if meanP[agent] >= threshold {
                state.credentialEpochs[agent] |= 1
                context.earnedCredential[agent] = true
                context.emit("CREDENTIAL_ISSUED", [("agent", .integer(agent)), ("mean_p", .number(meanP[agent]))])
            }
        }
        context.meanP = meanP
        context.trust = (0..<n).map { state.trust($0) }
        var total = CompensatedSum()
        for value in context.trust { total.add(value) }
        context.record.meanTrust = total.sum / Double(n)
    }

    /// The Sybil lever on the epoch's patterns: clusters, precision and recall against the
    /// planted rings; every flagged agent pays `sybil_penalty_multiplier` tokens and loses the
    /// epoch's credential; agents of oversized clusters are barred for the next epoch.
    static func sybil(_ state: inout SimulationState, _ context: inout EpochContext, _ kernels: EpochKernels) throws {
        let n = state.population.count, spec = state.scenario.identity
        let matrix = try context.interactions.patterns(agents: n, threads: context.threads)
        let metric: SimilarityMetric = spec.metric == "cosine" ? .cosine : spec.metric == "jaccard" ? .jaccard : .combined
        let rule: ClusteringRule = spec.clustering == "greedy" ? .greedy : .connectedComponents
        let joined = try kernels.clusters(matrix, metric, spec.similarityThreshold, rule, context.threads)
        let clusters = joined.clusters
        if let directory = context.traceDirectory {
            try EpochTrace.writeSybil(to: directory, spec: spec, patterns: matrix, clusters: clusters)
        }
        var blocked = [Bool](repeating: false, count: n)
        var flaggedNow = [Bool](repeating: false, count: n)
        var flagged = 0, flaggedSybils = 0
        context.ringCaught = [Bool](repeating: false, count: state.scenario.population.sybilEntities)
        let penalty = spec.sybilPenaltyMultiplier * 1.0
        for cluster in clusters {
            context.emit(
                "SYBIL_DETECTED",
                [
                    ("agents", .agents(cluster)), ("size", .integer(cluster.count)),
                    ("blocked", .flag(cluster.count > spec.maxClusterSize)),
                    ("ring_members", .integer(cluster.filter { state.population.ring[$0] >= 0 }.count)),
                ])
            for agent in cluster {
                flagged += 1
                flaggedNow[agent] = true
                context.detected[agent] = true
                let ring = state.population.ring[agent]
                if ring >= 0 { flaggedSybils += 1 }
                if cluster.count > spec.maxClusterSize {
                    blocked[agent] = true
                    if ring >= 0 { context.ringCaught[Int(ring)] = true }
                }
                if penalty > 0 {
                    context.emit("SANCTION", [("agent", .integer(agent)), ("amount", .number(penalty)), ("reason", .string("sybil"))])
                    state.ledger.charge(agent, penalty)
                    context.penalties[agent] += penalty
                    state.credentialEpochs[agent] &= ~1
                    context.earnedCredential[agent] = false
                }
            }
        }
        var activeSybils = 0
        for agent in 0..<n where state.population.ring[agent] >= 0 && state.active[agent] { activeSybils += 1 }
        state.flagged = flaggedNow
        context.blockedNext = blocked
        context.record.sybilClusters = clusters.count
        context.record.sybilFlagged = flagged
        context.record.sybilPrecision = flagged > 0 ? Double(flaggedSybils) / Double(flagged) : 1
        context.record.sybilRecall = activeSybils > 0 ? Double(flaggedSybils) / Double(activeSybils) : 1
    }
}
