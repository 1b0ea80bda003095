import AgentEconomiesKernels

extension Economy {
    /// Credits every accepted interaction's payoffs to both parties, over the workers: each
    /// wallet, `payoff` and `initiatorPayoff` entry receives its amounts in the order one pass
    /// over the interactions (by initiator, then interaction, initiator before counterparty)
    /// would add them, so every balance is the same, bit for bit, at any thread count.
    ///
    /// The amounts a wallet receives as a counterparty are gathered first, per wallet and in
    /// interaction order, by `Parallel.grouped` (an interaction's index is its place in that
    /// pass, as the interactions are stored by initiator); then each chunk of wallets merges
    /// its own initiator amounts with them. The epoch's mints and burns are compensated sums
    /// per chunk of wallets, added in chunk order (independent of the thread count). The ring
    /// payoffs (a few agents) are summed in one pass over the ring members.
    ///
    /// - Complexity: O(agents + accepted interactions) over the workers, with 4 bytes per
    ///   accepted interaction for the counterparty lists and 8 more while they are gathered.
    static func creditPayoffs(
        _ state: inout SimulationState, _ context: inout EpochContext, initiator: [Double], counterparty: [Double]
    ) {
        let interactions = context.interactions, population = state.population
        let n = population.count, threads = context.threads, chunk = EpochInteractions.chunkAgents
        let chunks = Parallel.chunkCount(n, chunkSize: chunk)
        let offsets = interactions.offsets, accepted = interactions.accepted
        let partners = interactions.counterparties
        // Counterparty lists: for each wallet, the accepted interactions it is the partner of,
        // in interaction order.
        let (starts, incoming) = Parallel.grouped(keyCount: n, sources: n, threads: threads) { agents, emit in
            for agent in agents {
                for position in offsets[agent]..<offsets[agent + 1] where accepted[position] {
                    emit(Int(partners[position]), Int32(position))
                }
            }
        }
        // Every entry is written once, by its wallet's chunk.
        var payoff = [Double](unsafeUninitializedCapacity: n) { _, initialized in initialized = n }
        var initiatorPayoff = [Double](unsafeUninitializedCapacity: n) { _, initialized in initialized = n }
        var sums: [(minted: CompensatedSum, burned: CompensatedSum)] = []
        payoff.withUnsafeMutableBufferPointer { payoffBuffer in
            initiatorPayoff.withUnsafeMutableBufferPointer { initiatorBuffer in
                state.ledger.wallets.withUnsafeMutableBufferPointer { walletBuffer in
                    let outputs = UncheckedSendable(
                        (walletBuffer.baseAddress!, payoffBuffer.baseAddress!, initiatorBuffer.baseAddress!))
                    sums = Parallel.map(chunks: chunks, threads: threads) { index, _ in
                        let (wallets, payoff, initiatorPayoff) = outputs.value
                        var minted = CompensatedSum(), burned = CompensatedSum()
                        func credit(_ amount: Double) {
                            if amount >= 0 { minted.add(amount) } else { burned.add(-amount) }
                        }
                        for agent in Parallel.range(ofChunk: index, chunkSize: chunk, count: n) {
                            var wallet = wallets[agent], received = 0.0, initiated = 0.0
                            var own = offsets[agent], next = starts[agent]
                            let ownEnd = offsets[agent + 1], nextEnd = starts[agent + 1]
                            while true {
                                while own < ownEnd && !accepted[own] { own += 1 }
                                let ownPosition = own < ownEnd ? own : Int.max
                                let partnerPosition = next < nextEnd ? Int(incoming[next]) : Int.max
                                if ownPosition == Int.max && partnerPosition == Int.max { break }
                                // At the same interaction (an agent its own partner) the
                                // initiator's amount comes first.
                                if ownPosition <= partnerPosition {
                                    let amount = initiator[own]
                                    wallet += amount
                                    received += amount
                                    initiated += amount
                                    credit(amount)
                                    own += 1
                                } else {
                                    let amount = counterparty[partnerPosition]
                                    wallet += amount
                                    received += amount
                                    credit(amount)
                                    next += 1
                                }
                            }
                            wallets[agent] = wallet
                            payoff[agent] = received
                            initiatorPayoff[agent] = initiated
                        }
                        return (minted, burned)
                    }
                }
            }
        }
        var minted = CompensatedSum(), burned = CompensatedSum()
        for part in sums {
            minted.add(part.minted)
            burned.add(part.burned)
        }
        state.ledger.record(minted: minted.sum, burned: burned.sum)
        context.payoff = payoff
        context.initiatorPayoff = initiatorPayoff
        context.ringPayoffs = ringPayoffs(
            population, interactions, rings: state.scenario.population.sybilEntities, initiator: initiator,
            counterparty: counterparty, threads: threads)
    }

    /// Each Sybil ring's gross payoff: its members' initiator amounts, and the counterparty
    /// amounts of their interactions with the ring's beneficiary or another member, added in
    /// interaction order.
    static func ringPayoffs(
        _ population: Population, _ interactions: EpochInteractions, rings: Int, initiator: [Double],
        counterparty: [Double], threads: Int?
    ) -> [Double] {
        var totals = [Double](repeating: 0, count: rings)
        let n = population.count, chunk = EpochInteractions.chunkAgents
        let members = Parallel.map(chunks: Parallel.chunkCount(n, chunkSize: chunk), threads: threads) { index, _ in
            Parallel.range(ofChunk: index, chunkSize: chunk, count: n).filter { population.ring[$0] >= 0 }
        }.joined()
        for agent in members {
            let ring = Int(population.ring[agent]), beneficiary = Int(population.ringBeneficiary[ring])
            for position in interactions.offsets[agent]..<interactions.offsets[agent + 1] where interactions.accepted[position] {
                let other = Int(interactions.counterparties[position])
                totals[ring] += initiator[position]
                if other == beneficiary || Int(population.ring[other]) == ring { totals[ring] += counterparty[position] }
            }
        }
        return totals
    }
}
