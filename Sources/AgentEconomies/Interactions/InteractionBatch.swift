/// Many interactions as columns (see <doc:SoftInteractions>): `p`, `accepted`, and optionally IDs and
/// the initiator and counterparty of each as indices into `agentIDs`.
///
/// Batch kernels (permeability, missions) read the columns directly: a 10,000,000
/// interaction batch without IDs is 90 MB (`p` and `accepted`), not ten million objects.
/// Invariants, checked by every initializer: all columns have `count` entries (optional
/// ones may be empty), every `p` is in [0, 1], every agent index is in `agentIDs`.
public struct InteractionBatch: Sendable, Equatable {
    /// Probability that each interaction is beneficial.
    public let p: [Double]
    /// Whether each interaction was accepted.
    public let accepted: [Bool]
    /// Interaction IDs; empty when the batch identifies interactions by position.
    public let ids: [String]
    /// Initiator of each interaction, as an index into `agentIDs`; empty when not recorded.
    public let initiators: [Int32]
    /// Counterparty of each interaction, as an index into `agentIDs`; empty when not recorded.
    public let counterparties: [Int32]
    /// The agents the index columns refer to.
    public let agentIDs: [String]

    /// A batch from columns.
    ///
    /// - Throws: `AgentEconomiesError` naming the column and position when a column has the
    ///   wrong length, a `p` is outside [0, 1] or not finite, or an agent index is out of range.
    /// - Complexity: O(n) to check.
    public init(
        p: [Double], accepted: [Bool], ids: [String] = [], initiators: [Int32] = [],
        counterparties: [Int32] = [], agentIDs: [String] = []
    ) throws {
        try Validate.count(accepted.count, p.count, "InteractionBatch.accepted")
        if !ids.isEmpty { try Validate.count(ids.count, p.count, "InteractionBatch.ids") }
        if !initiators.isEmpty { try Validate.count(initiators.count, p.count, "InteractionBatch.initiators") }
        if !counterparties.isEmpty {
            try Validate.count(counterparties.count, p.count, "InteractionBatch.counterparties")
        }
        // One branch-free pass finds whether anything is wrong; the slow scan names it.
        var bad = false
        for value in p { bad = bad || !(value >= 0 && value <= 1) }
        if bad {
            for (index, value) in p.enumerated() { try Validate.inRange(value, 0, 1, "InteractionBatch.p[\(index)]") }
        }
        let agentCount = Int32(clamping: agentIDs.count)
        for (column, name) in [(initiators, "initiators"), (counterparties, "counterparties")] {
            for (index, agent) in column.enumerated() where agent < 0 || agent >= agentCount {
                throw AgentEconomiesError.outOfRange(
                    field: "InteractionBatch.\(name)[\(index)]", value: "\(agent)",
                    requirement: "in 0..<\(agentIDs.count) (agentIDs.count)")
            }
        }
        self.p = p
        self.accepted = accepted
        self.ids = ids
        self.initiators = initiators
        self.counterparties = counterparties
        self.agentIDs = agentIDs
    }

    /// The columns of `interactions`, in order, with agents indexed in order of first
    /// appearance (initiator before counterparty).
    ///
    /// - Complexity: O(n) hash lookups.
    public init(_ interactions: [SoftInteraction]) {
        var agents: [String] = []
        var index: [String: Int32] = [:]
        func intern(_ name: String) -> Int32 {
            if let known = index[name] { return known }
            let new = Int32(agents.count)
            agents.append(name)
            index[name] = new
            return new
        }
        var initiators: [Int32] = []
        var counterparties: [Int32] = []
        initiators.reserveCapacity(interactions.count)
        counterparties.reserveCapacity(interactions.count)
        for interaction in interactions {
            initiators.append(intern(interaction.initiator))
            counterparties.append(intern(interaction.counterparty))
        }
        p = interactions.map(\.p)
        accepted = interactions.map(\.accepted)
        ids = interactions.map(\.id)
        self.initiators = initiators
        self.counterparties = counterparties
        agentIDs = agents
    }

    /// Number of interactions.
    public var count: Int { p.count }

    /// The ID of interaction `index`: its entry in `ids`, or its position as text.
    public func id(at index: Int) -> String { ids.isEmpty ? String(index) : ids[index] }
}
