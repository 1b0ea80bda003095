import AgentEconomiesKernels

/// The economy's rules between the mechanisms (see <doc:WalletsAndLearning>): the action sets of the
/// learners, the epoch's plan from their choices, the soft payoffs of the interactions, and the
/// learners' updates from realised returns.
public enum Economy {
    /// Mission effort levels: the share of its epoch's interactions a participant contributes.
    public static let efforts: [Double] = [0, 0.25, 0.5, 0.75, 1]
    /// Quality shifts an opportunistic or deceptive agent can make to its type's `p_mean`.
    public static let qualityShifts: [Double] = [0, -0.1, -0.2, -0.3]
    /// Obfuscation shares a Sybil ring can choose.
    public static let obfuscations: [Double] = [0, 0.25, 0.5, 0.75, 1]

    /// The index of the value in `levels` nearest to `value` (the first on a tie).
    static func nearest(_ value: Double, _ levels: [Double]) -> Int {
        var best = 0
        for index in levels.indices where abs(levels[index] - value) < abs(levels[best] - value) { best = index }
        return best
    }

    /// The type index of each type name (-1 when the scenario has no type of that name).
    static func typeIndex(_ scenario: Scenario, _ name: String) -> Int {
        scenario.population.types.firstIndex { $0.name == name } ?? -1
    }

    /// The epoch's plan from the state's learners (scripted agents keep their type's play).
    static func plan(_ state: SimulationState, epoch: Int) -> EpochPlan {
        let scenario = state.scenario, population = state.population, n = population.count
        var plan = EpochPlan(agents: n, rings: scenario.population.sybilEntities, obfuscation: 0)
        plan.active = state.active
        for ring in 0..<plan.obfuscation.count {
            plan.obfuscation[ring] = obfuscations[Int(state.obfuscation.chosen[ring])]
        }
        guard scenario.economy.adaptive else {
            plan.obfuscation = plan.obfuscation.map { _ in scenario.population.sybilObfuscation }
            return plan
        }
        let types = scenario.population.types
        let honest = typeIndex(scenario, "honest")
        let honestMean = honest >= 0 ? types[honest].pMean : 0.8
        let threshold = scenario.identity.credentialThreshold
        for agent in 0..<n where population.ring[agent] < 0 {
            let type = types[Int(population.types[agent])]
            switch type.name {
            case "opportunistic", "deceptive":
                plan.qualityShift[agent] = qualityShifts[Int(state.quality.chosen[agent])]
            case "adversarial":
                switch AttackStrategy(rawValue: Int(state.strategy.chosen[agent]))! {
                case .reputationFarming:
                    if state.validCredentials(agent) < 2 { plan.qualityShift[agent] = honestMean - type.pMean }
                case .lowProfile:
                    plan.activity[agent] = 0.3
                case .thresholdDancing:
                    plan.qualityShift[agent] = threshold + 0.03 - type.pMean
                case .intermittent:
                    if (epoch + agent) % 2 == 1 { plan.activity[agent] = 0 }
                case .mimicry:
                    plan.qualityShift[agent] = honestMean - type.pMean
                    plan.harmfulShare[agent] = 0.2
                }
            default:
                break
            }
        }
        return plan
    }

    /// Pays every accepted interaction by the soft payoff rules with `tau` = `economy.tau`: the initiator bears
    /// `quality_cost * p` (in `c_a`), and with the real-time Sybil penalty on, both sides of an
    /// interaction between two agents flagged by the last detection bear `sybil_realtime_rate`
    /// (in `c_a` and `c_b`). Payoffs are minted into (or burned from) the wallets.
    static func payInteractions(_ state: inout SimulationState, _ context: inout EpochContext) throws {
        let scenario = state.scenario, n = state.population.count, interactions = context.interactions
        let spec = scenario.identity
        let qualityCost = scenario.economy.qualityCost
        // The cost columns exist only when some interaction bears a cost (empty: every entry 0).
        let costs = qualityCost > 0 || spec.sybilRealtimePenalty
        // Zeroed by the workers (a serial fill of 8 bytes per interaction was most of the
        // step's serial time).
        func zeros(_ count: Int) -> [Double] {
            Parallel.makeArray(count: count, chunkSize: 1 << 16, threads: context.threads) { _, output in
                output.initialize(repeating: 0)
            }
        }
        var cA = zeros(costs ? interactions.count : 0)
        var cB = zeros(spec.sybilRealtimePenalty ? interactions.count : 0)
        let flagged = state.flagged, chunk = EpochInteractions.chunkAgents
        cA.withUnsafeMutableBufferPointer { cA in
            cB.withUnsafeMutableBufferPointer { cB in
                let columns = UncheckedSendable((cA, cB))
                Parallel.forEach(chunks: costs ? Parallel.chunkCount(n, chunkSize: chunk) : 0, threads: context.threads) {
                    index in
                    let (cA, cB) = columns.value
                    for agent in Parallel.range(ofChunk: index, chunkSize: chunk, count: n) {
                        for index in interactions.offsets[agent]..<interactions.offsets[agent + 1] {
                            cA[index] = qualityCost * interactions.p[index]
                            if spec.sybilRealtimePenalty && flagged[agent]
                                && flagged[Int(interactions.counterparties[index])]
                            {
                                cA[index] += spec.sybilRealtimeRate
                                cB[index] = spec.sybilRealtimeRate
                            }
                        }
                    }
                }
            }
        }
        let tau = scenario.economy.tau == 0 ? [] : [scenario.economy.tau]
        let payoffs = try SoftPayoffKernels.payoffs(
            p: interactions.p, terms: SoftPayoffTerms(tau: tau, cA: cA, cB: cB), parameters: scenario.economy.payoff,
            threads: context.threads)
        creditPayoffs(&state, &context, initiator: payoffs.initiator, counterparty: payoffs.counterparty)
        let metrics = SoftMetricsKernels.epochMetrics(
            p: interactions.p, accepted: interactions.accepted, payoffs: payoffs, threads: context.threads)
        context.record.toxicity = metrics.toxicityRate
        context.record.qualityGap = metrics.qualityGap
        context.record.totalWelfare = metrics.totalWelfare
    }
}
