/// Interaction patterns built one interaction at a time, as the reference's Sybil lever
/// records them: each interaction adds one to the initiator's count for the counterparty and
/// one to the counterparty's count for the initiator.
///
/// Agents are the caller's integer handles; rows are numbered in order of first appearance
/// (the initiator before the counterparty), which is the order the reference's greedy
/// clustering visits them in. ``matrix()`` gives the ``PatternMatrix`` of the similarity
/// joins, with counterparties as columns numbered by their rows.
public struct PatternAccumulator: Sendable {
    /// The agent handle of each row, in order of first appearance.
    public private(set) var agents: [Int32] = []
    private var rowOfAgent: [Int32: Int32] = [:]
    private var counts: [[Int32: Double]] = []
    /// Interactions recorded so far.
    public private(set) var interactionCount = 0

    /// No patterns.
    public init() {}

    /// The number of rows (agents seen).
    public var rowCount: Int { agents.count }

    /// The row of an agent handle, if it has been seen.
    public func row(of agent: Int32) -> Int? { rowOfAgent[agent].map(Int.init) }

    private mutating func rowCreating(_ agent: Int32) -> Int {
        if let row = rowOfAgent[agent] { return Int(row) }
        let row = Int32(agents.count)
        agents.append(agent)
        rowOfAgent[agent] = row
        counts.append([:])
        return Int(row)
    }

    /// Records one interaction between two agent handles (an agent may interact with itself).
    ///
    /// - Complexity: O(1) amortized.
    public mutating func record(initiator: Int32, counterparty: Int32) {
        let a = rowCreating(initiator)
        let b = rowCreating(counterparty)
        counts[a][Int32(b), default: 0] += 1
        counts[b][Int32(a), default: 0] += 1
        interactionCount += 1
    }

    /// The patterns as a CSR matrix: row `r` is agent `agents[r]`, its columns the rows of its
    /// counterparties (ascending) and its values the interaction counts.
    ///
    /// - Complexity: O(entries log entries per row).
    public func matrix() throws -> PatternMatrix {
        var offsets = [0]
        offsets.reserveCapacity(counts.count + 1)
        var columns: [Int32] = []
        var values: [Double] = []
        for row in counts {
            for (column, count) in row.sorted(by: { $0.key < $1.key }) {
                columns.append(column)
                values.append(count)
            }
            offsets.append(columns.count)
        }
        return try PatternMatrix(columnCount: counts.count, rowOffsets: offsets, columns: columns, values: values)
    }

    /// Forgets every pattern.
    ///
    /// - Complexity: O(rows + entries) to release every row's counts.
    public mutating func removeAll() {
        agents.removeAll()
        rowOfAgent.removeAll()
        counts.removeAll()
        interactionCount = 0
    }
}
