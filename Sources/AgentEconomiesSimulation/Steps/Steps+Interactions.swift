import AgentEconomiesKernels

extension Steps {
    /// The epoch's plan from the learners, then the interactions of the active agents and the
    /// epoch's activity counters. In the first epoch every identity pays its creation cost.
    static func interactions(
        _ state: inout SimulationState, _ context: inout EpochContext, _ kernels: EpochKernels
    ) throws {
        let n = state.population.count
        context.walletsAtStart = state.ledger.wallets
        context.penalties = [Double](repeating: 0, count: n)
        context.detected = [Bool](repeating: false, count: n)
        if context.epoch == 1 && state.scenario.identity.identityCreationCost > 0 {
            for agent in 0..<n { state.ledger.charge(agent, state.scenario.identity.identityCreationCost) }
        }
        if context.epoch == 1 && context.events != nil {
            for agent in 0..<n {
                context.emit(
                    "IDENTITY_CREATED",
                    [
                        ("agent", .integer(agent)), ("ring", .integer(Int(state.population.ring[agent]))),
                        ("cost", .number(state.scenario.identity.identityCreationCost)),
                    ])
            }
        }
        context.plan = Economy.plan(state, epoch: context.epoch)
        let interactions = try kernels.interactions(
            state.population, state.scenario, context.plan, context.epoch, context.threads)
        context.interactions = interactions
        context.record.activeAgents = state.active.lazy.filter { $0 }.count
        context.record.interactions = interactions.count
        let pSum = interactions.p.withUnsafeBufferPointer { p in
            CompensatedSum.sum(count: p.count, threads: context.threads) { p[$0] }
        }
        let chunk = 1 << 16
        let accepted = interactions.accepted.withUnsafeBufferPointer { flags in
            Parallel.map(chunks: Parallel.chunkCount(flags.count, chunkSize: chunk), threads: context.threads) { index, _ in
                Parallel.range(ofChunk: index, chunkSize: chunk, count: flags.count).reduce(0) { $0 + (flags[$1] ? 1 : 0) }
            }.reduce(0, +)
        }
        context.record.meanP = interactions.count > 0 ? pSum / Double(interactions.count) : 0
        context.record.acceptanceRate = interactions.count > 0 ? Double(accepted) / Double(interactions.count) : 0
        if !context.plan.obfuscation.isEmpty {
            context.record.sybilObfuscation =
                context.plan.obfuscation.reduce(0, +) / Double(context.plan.obfuscation.count)
        }
    }

    /// Every accepted interaction pays both parties by the soft payoff rules; the epoch's
    /// toxicity, quality gap and welfare.
    @Sendable static func payoffs(_ state: inout SimulationState, _ context: inout EpochContext) throws {
        try Economy.payInteractions(&state, &context)
    }
}
