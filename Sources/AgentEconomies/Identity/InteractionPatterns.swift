import OrderedCollections

/// Agents' interaction patterns (agent -> counterparty -> count) in columnar form: the agent
/// and counterparty IDs in order and a `PatternMatrix` of counts.
///
/// Agent order is the order of the input, the order the greedy clustering walks.
/// Counterparties are numbered by first appearance, scanning the agents in order and each
/// pattern's keys in its order; that numbering is the order every similarity sums over shared
/// counterparties, so the same patterns always give the same bits.
public struct InteractionPatterns: Sendable, Equatable {
    /// Agent IDs, one per matrix row, unique.
    public let agentIDs: [String]
    /// Counterparty IDs, one per matrix column, unique.
    public let counterpartyIDs: [String]
    /// The counts; a stored entry is a key of the pattern even when its count is 0.
    public let matrix: PatternMatrix

    /// Patterns with integer counts, as the reference's dictionaries hold them. Cannot fail.
    ///
    /// - Complexity: O(agents + entries log(longest pattern)): counterparties are numbered by
    ///   hashing, and each agent's columns sorted.
    public init(_ patterns: OrderedDictionary<String, OrderedDictionary<String, Int>>) {
        self = try! InteractionPatterns(
            checked: patterns.lazy.map { ($0.key, $0.value.lazy.map { ($0.key, Double($0.value)) }) })
    }

    /// Patterns with real-valued counts.
    ///
    /// - Throws: `AgentEconomiesError/notFinite(field:value:)` naming the agent and
    ///   counterparty of a NaN or infinite count.
    /// - Complexity: O(agents + entries log(longest pattern)): counterparties are numbered by
    ///   hashing, and each agent's columns sorted.
    public init(counts patterns: OrderedDictionary<String, OrderedDictionary<String, Double>>) throws {
        try self.init(checked: patterns.lazy.map { ($0.key, $0.value.lazy.map { ($0.key, $0.value) }) })
    }

    /// Patterns from IDs and a matrix whose rows and columns they name.
    ///
    /// - Throws: `AgentEconomiesError/shapeMismatch(field:expected:actual:)` when the counts of
    ///   IDs differ from the matrix's shape, `AgentEconomiesError/duplicateID(field:id:)` for
    ///   a repeated agent or counterparty ID.
    /// - Complexity: O(agents + counterparties) hash insertions.
    public init(agentIDs: [String], counterpartyIDs: [String], matrix: PatternMatrix) throws {
        try Validate.count(agentIDs.count, matrix.rowCount, "InteractionPatterns.agentIDs")
        try Validate.count(counterpartyIDs.count, matrix.columnCount, "InteractionPatterns.counterpartyIDs")
        var seen = Set<String>()
        for id in agentIDs where !seen.insert(id).inserted {
            throw AgentEconomiesError.duplicateID(field: "InteractionPatterns.agentIDs", id: id)
        }
        seen.removeAll()
        for id in counterpartyIDs where !seen.insert(id).inserted {
            throw AgentEconomiesError.duplicateID(field: "InteractionPatterns.counterpartyIDs", id: id)
        }
        self.agentIDs = agentIDs
        self.counterpartyIDs = counterpartyIDs
        self.matrix = matrix
    }

    private init<Outer: Sequence, Inner: Sequence>(checked patterns: Outer) throws
    where Outer.Element == (String, Inner), Inner.Element == (String, Double) {
        var agents = [String]()
        var columnOf = [String: Int32]()
        var counterparties = [String]()
        var offsets = [0], columns = [Int32](), values = [Double]()
        for (agent, pattern) in patterns {
            agents.append(agent)
            for (counterparty, count) in pattern {
                if !count.isFinite {
                    throw AgentEconomiesError.notFinite(field: "patterns[\(agent)][\(counterparty)]", value: count)
                }
                let column: Int32
                if let known = columnOf[counterparty] {
                    column = known
                } else {
                    column = Int32(counterparties.count)
                    columnOf[counterparty] = column
                    counterparties.append(counterparty)
                }
                columns.append(column)
                values.append(count)
            }
            offsets.append(columns.count)
        }
        self.agentIDs = agents
        self.counterpartyIDs = counterparties
        self.matrix = try PatternMatrix(
            columnCount: counterparties.count, rowOffsets: offsets, columns: columns,
            values: values)
    }
}
