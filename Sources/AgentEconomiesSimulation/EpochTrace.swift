import AgentEconomiesKernels
import Foundation

/// The names a trace gives to agents and resources, so that its files read like the
/// reference's dictionaries: agent `i` is `"agent_i"`, resource `j` is `"resource_j"`.
public enum TraceNames {
    /// The name of agent `index`.
    public static func agent(_ index: Int) -> String { "agent_\(index)" }
    /// The name of resource `index`.
    public static func resource(_ index: Int) -> String { "resource_\(index)" }
}

/// Writers of a traced epoch's files (`DIR/trace/epoch-K/`): each step's inputs and outputs
/// in the reference's shapes, so that one step can be replayed through it. See
/// <doc:Simulations> for the layout of each file.
enum EpochTrace {
    /// `sybil.json`: the lever's rule, the epoch's interaction patterns (every agent, in agent
    /// order, counterparties ascending) and the clusters in discovery order.
    static func writeSybil(
        to directory: URL, spec: IdentitySpec, patterns: PatternMatrix, clusters: [[Int]]
    ) throws {
        var out = try JSONStreamWriter(url: directory.appendingPathComponent("sybil.json"))
        try out.raw("{")
        try out.members([
            ("threshold", .number(spec.similarityThreshold)), ("metric", .string(spec.metric)),
            ("clustering", .string(spec.clustering)), ("max_cluster_size", .integer(spec.maxClusterSize)),
        ])
        try out.key("patterns")
        try out.raw("{")
        for row in 0..<patterns.rowCount {
            if row > 0 { try out.raw(",") }
            try out.key(TraceNames.agent(row))
            try out.raw("{")
            for index in patterns.rowOffsets[row]..<patterns.rowOffsets[row + 1] {
                if index > patterns.rowOffsets[row] { try out.raw(",") }
                try out.key(TraceNames.agent(Int(patterns.columns[index])))
                try out.raw("\(Int(patterns.values[index]))")
            }
            try out.raw("}")
        }
        try out.raw("},")
        try out.key("clusters")
        try out.raw("[")
        for (index, cluster) in clusters.enumerated() {
            if index > 0 { try out.raw(",") }
            try out.raw("[")
            for (position, agent) in cluster.enumerated() {
                if position > 0 { try out.raw(",") }
                try out.string(TraceNames.agent(agent))
            }
            try out.raw("]")
        }
        try out.raw("]}\n")
        try out.close()
    }

    /// `auction.json`: the configuration (the reference's `AuctionConfig` fields and the
    /// solver), every agent's bid (valuations and budget), the supplies and the result
    /// (clearing prices, rounds, convergence, each agent's nonzero bundle in buying order).
    static func writeAuction(
        to directory: URL, spec: AuctionSpec, market: AuctionMarket, result: AuctionMarketResult
    ) throws {
        var out = try JSONStreamWriter(url: directory.appendingPathComponent("auction.json"))
        let resources = market.resourceCount
        try out.raw("{")
        try out.key("config")
        try out.raw("{")
        try out.members([
            // Every bid carries its budget (from its wallet), so the reference's default endowment
            // is never used; it is written for a complete configuration.
            ("initial_endowment", .number(100)), ("max_rounds", .integer(spec.maxRounds)),
            ("price_adjustment_rate", .number(spec.priceAdjustmentRate)),
            ("convergence_tolerance", .number(spec.convergenceTolerance)),
            ("envy_tolerance", .number(spec.envyTolerance)),
        ])
        try out.key("solver")
        try out.string(spec.solver)
        try out.raw("},")
        try out.key("bids")
        try out.raw("{")
        for agent in 0..<market.agentCount {
            if agent > 0 { try out.raw(",") }
            try out.key(TraceNames.agent(agent))
            try out.raw("{")
            try out.key("valuations")
            try out.raw("{")
            let values = market.valuations.row(agent)
            for (column, value) in zip(0..<resources, values) {
                if column > 0 { try out.raw(",") }
                try out.key(TraceNames.resource(column))
                try out.number(value)
            }
            try out.raw("},")
            try out.key("budget")
            try out.number(market.budgets[agent])
            try out.raw("}")
        }
        try out.raw("},")
        try out.key("resources")
        try numberMap(&out, market.supplies)
        try out.raw(",")
        try out.key("result")
        try out.raw("{")
        try out.key("clearing_prices")
        try numberMap(&out, result.prices)
        try out.raw(",")
        try out.members([
            ("rounds_to_converge", .integer(result.roundsToConverge)), ("converged", .boolean(result.converged)),
            ("envy_violations", .integer(result.envy.violationCount)),
            ("max_excess_demand", .number(result.certificate.maxExcess)),
        ])
        try out.key("allocations")
        try out.raw("{")
        for agent in 0..<market.agentCount {
            if agent > 0 { try out.raw(",") }
            try out.key(TraceNames.agent(agent))
            try out.raw("{")
            for (position, entry) in result.bundles.row(agent).enumerated() {
                if position > 0 { try out.raw(",") }
                try out.key(TraceNames.resource(entry.column))
                try out.number(entry.value)
            }
            try out.raw("}")
        }
        try out.raw("}}}\n")
        try out.close()
    }

    /// `spillover.json`: the boundary's inputs (base permeability, threat, trust, the
    /// effective permeability, rates, the seed and chunk size of the draws), the epoch's
    /// interactions as columns and the spillover events with their harm and blocking.
    static func writeSpillover(
        to directory: URL, spec: PermeabilitySpec, threat: Double, trust: Double, permeability: Double,
        seed: UInt64, interactions: EpochInteractions, spillovers: PermeabilityKernels.Spillovers
    ) throws {
        var out = try JSONStreamWriter(url: directory.appendingPathComponent("spillover.json"))
        try out.raw("{")
        try out.members([
            ("base_permeability", .number(spec.basePermeability)), ("threat_level", .number(threat)),
            ("threat_sensitivity", .number(spec.threatSensitivity)), ("agent_trust", .number(trust)),
            ("permeability", .number(permeability)), ("contagion_rate", .number(spec.contagionRate)),
            ("spillover_amplification", .number(spec.spilloverAmplification)),
            ("external_harm", .number(spillovers.externalHarm)), ("seed", .unsigned(seed)),
            ("chunk_size", .integer(PermeabilityKernels.chunkSize)),
        ])
        try out.key("interactions")
        try out.raw("{")
        try out.key("initiator")
        var initiators: [Int] = []
        initiators.reserveCapacity(interactions.count)
        for agent in 0..<(interactions.offsets.count - 1) {
            for _ in interactions.offsets[agent]..<interactions.offsets[agent + 1] { initiators.append(agent) }
        }
        try out.integers(initiators)
        try out.raw(",")
        try out.key("counterparty")
        try out.integers(interactions.counterparties)
        try out.raw(",")
        try out.key("p")
        try out.numbers(interactions.p)
        try out.raw(",")
        try out.key("accepted")
        try out.booleans(interactions.accepted)
        try out.raw("},")
        try out.key("events")
        try out.raw("{")
        try out.key("interaction")
        try out.integers(spillovers.indices)
        try out.raw(",")
        try out.key("harm")
        try out.numbers(spillovers.harm)
        try out.raw(",")
        try out.key("blocked")
        try out.booleans(spillovers.blocked)
        try out.raw("}}\n")
        try out.close()
    }

    /// `{"resource_0": v0, ...}`.
    private static func numberMap(_ out: inout JSONStreamWriter, _ values: [Double]) throws {
        try out.raw("{")
        for (index, value) in values.enumerated() {
            if index > 0 { try out.raw(",") }
            try out.key(TraceNames.resource(index))
            try out.number(value)
        }
        try out.raw("}")
    }
}
