import AgentEconomiesKernels

extension Steps {
    /// The end of the epoch: the learners are updated from what their choices returned and
    /// choose the next epoch's play (when the economy is adaptive); the per-type payoff and
    /// wallet columns and the attackers' profit.
    ///
    /// Returns, each over a scale that makes them comparable across scenarios:
    /// - quality (opportunistic, deceptive): the payoffs of the interactions the agent
    ///   initiated, less its penalties and sanctions, plus `credential_value` per interaction if
    ///   it earned a credential, per `per_agent` interaction;
    /// - attack strategy (adversarial agents outside the rings): SWARM's effectiveness mix
    ///   `0.3 success + 0.4 evasion + 0.3 harm`, with success the accepted share of its
    ///   interactions, evasion 0 when flagged or sanctioned this epoch (else 1), harm the
    ///   expected harm `(1 - p) h` it caused over the most `per_agent` interactions could cause;
    /// - obfuscation (rings): the tokens the ring and its beneficiary gained from the ring's
    ///   interactions, less their penalties, less the same again when the ring's members are
    ///   barred for the next epoch (the profit that epoch will not make), per member and
    ///   `per_agent` interaction.
    @Sendable static func learning(_ state: inout SimulationState, _ context: inout EpochContext) throws {
        let scenario = state.scenario, economy = scenario.economy, population = state.population
        let n = population.count, perAgent = Double(scenario.interactions.perAgent)
        let interactions = context.interactions
        let rings = scenario.population.sybilEntities
        // The rings' profit: what their interactions paid (the payoffs step), less penalties.
        var ringProfit = context.ringPayoffs.count == rings ? context.ringPayoffs : [Double](repeating: 0, count: rings)
        for agent in 0..<n where population.ring[agent] >= 0 {
            ringProfit[Int(population.ring[agent])] -= context.penalties[agent]
        }
        for ring in 0..<rings { ringProfit[ring] -= context.penalties[Int(population.ringBeneficiary[ring])] }
        context.record.attackerProfit = ringProfit.reduce(0, +)
        if economy.adaptive {
            let rate = economy.learningRate
            let types = scenario.population.types
            for agent in 0..<n where population.ring[agent] < 0 && context.plan.active[agent] {
                switch types[Int(population.types[agent])].name {
                case "opportunistic", "deceptive":
                    var reward = context.initiatorPayoff[agent] - context.penalties[agent]
                    if context.earnedCredential[agent] { reward += economy.credentialValue * perAgent }
                    state.quality.update(
                        agent, action: Int(state.quality.chosen[agent]), reward: reward / perAgent, rate: rate)
                case "adversarial":
                    let range = interactions.offsets[agent]..<interactions.offsets[agent + 1]
                    var accepted = 0, harm = 0.0
                    for index in range where interactions.accepted[index] {
                        accepted += 1
                        harm += 1 - interactions.p[index]
                    }
                    let success = range.isEmpty ? 0 : Double(accepted) / Double(range.count)
                    let evasion = context.detected[agent] ? 0.0 : 1.0
                    let reward = 0.3 * success + 0.4 * evasion + 0.3 * harm / perAgent
                    state.strategy.update(agent, action: Int(state.strategy.chosen[agent]), reward: reward, rate: rate)
                default:
                    break
                }
            }
            let ringSize = Double(scenario.population.sybilRingSize)
            for ring in 0..<rings {
                let lost = context.ringCaught.count == rings && context.ringCaught[ring] ? max(ringProfit[ring], 0) : 0
                state.obfuscation.update(
                    ring, action: Int(state.obfuscation.chosen[ring]),
                    reward: (ringProfit[ring] - lost) / (ringSize * perAgent), rate: rate)
            }
            let next = context.epoch + 1, temperature = economy.temperature, exploration = economy.exploration
            let typeNames = types.map(\.name)
            state.quality.chooseAll(
                seed: scenario.seed, kind: 1, epoch: next, temperature: temperature, exploration: exploration
            ) { agent in
                population.ring[agent] < 0
                    && ["opportunistic", "deceptive"].contains(typeNames[Int(population.types[agent])])
            }
            state.strategy.chooseAll(
                seed: scenario.seed, kind: 2, epoch: next, temperature: temperature, exploration: exploration
            ) { agent in population.ring[agent] < 0 && typeNames[Int(population.types[agent])] == "adversarial" }
            state.obfuscation.chooseAll(
                seed: scenario.seed, kind: 3, epoch: next, temperature: temperature, exploration: exploration)
        }
        typeColumns(state, &context)
    }

    /// Mean payoff and wallet per agent of each type (ring members in `sybil`, not in their type).
    static func typeColumns(_ state: SimulationState, _ context: inout EpochContext) {
        let names = AgentTypeSpec.names + ["sybil"]
        var payoff = [Double](repeating: 0, count: names.count), wallet = payoff, count = payoff
        let column = state.scenario.population.types.map { type in AgentTypeSpec.names.firstIndex(of: type.name)! }
        for agent in 0..<state.population.count {
            let slot = state.population.ring[agent] >= 0 ? names.count - 1 : column[Int(state.population.types[agent])]
            payoff[slot] += context.payoff[agent]
            wallet[slot] += state.ledger.wallets[agent]
            count[slot] += 1
        }
        func mean(_ values: [Double], _ slot: Int) -> Double { count[slot] > 0 ? values[slot] / count[slot] : 0 }
        context.record.payoffHonest = mean(payoff, 0)
        context.record.payoffOpportunistic = mean(payoff, 1)
        context.record.payoffDeceptive = mean(payoff, 2)
        context.record.payoffAdversarial = mean(payoff, 3)
        context.record.payoffSybil = mean(payoff, 4)
        context.record.walletHonest = mean(wallet, 0)
        context.record.walletOpportunistic = mean(wallet, 1)
        context.record.walletDeceptive = mean(wallet, 2)
        context.record.walletAdversarial = mean(wallet, 3)
        context.record.walletSybil = mean(wallet, 4)
    }
}
