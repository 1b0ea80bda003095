/// One mission's contributions and the interactions they refer to, as columns: the input of
/// every mission kernel.
///
/// Contributors are rows (in order of first contribution, as the reference keeps them);
/// each recorded interaction ID is an *item* (numbered in order of first recording), and a
/// contributor's row lists the items it recorded, duplicates kept. The interaction list is
/// three columns; `interactionItems` names the item of each interaction (-1 when nobody
/// recorded its ID), and `lastOccurrence` the index of each item's last interaction (-1 when
/// it is not in the list), which is the one the reference's ID lookup finds.
public struct MissionLedger: Sendable {
    /// `contributors + 1` offsets into `recordedItems`.
    public var contributionOffsets: [Int]
    /// The items each contributor recorded, in recording order.
    public var recordedItems: [Int32]
    /// p per interaction.
    public var p: [Double]
    /// Whether each interaction was accepted.
    public var accepted: [Bool]
    /// The item of each interaction, or -1.
    public var interactionItems: [Int32]
    /// Per item, the index of its last interaction, or -1.
    public let lastOccurrence: [Int]

    /// How many items beyond those referenced a ledger may declare.
    public static let unreferencedItemAllowance = 1 << 16

    /// A ledger from its columns; `lastOccurrence` is derived.
    ///
    /// - Throws: ``AgentEconomiesError`` when offsets are not non-decreasing from 0 to
    ///   `recordedItems.count`, a column length differs, or an item is outside `0..<itemCount`.
    /// - Complexity: O(contributors + recorded items + interactions + itemCount).
    public init(
        contributionOffsets: [Int], recordedItems: [Int32], itemCount: Int, p: [Double], accepted: [Bool],
        interactionItems: [Int32]
    ) throws {
        guard contributionOffsets.first == 0, contributionOffsets.last == recordedItems.count,
            zip(contributionOffsets, contributionOffsets.dropFirst()).allSatisfy({ $0 <= $1 })
        else {
            throw AgentEconomiesError.outOfRange(
                field: "MissionLedger.contributionOffsets",
                value: "\(contributionOffsets.prefix(8))",
                requirement: "non-decreasing from 0 to \(recordedItems.count)")
        }
        try Validate.atLeast(itemCount, 0, "MissionLedger.itemCount")
        // Items nobody references are never read; a count far beyond the references would only
        // allocate (a huge count from a front end must not exhaust memory).
        let references = recordedItems.count + interactionItems.count
        if itemCount > references + Self.unreferencedItemAllowance {
            throw AgentEconomiesError.outOfRange(
                field: "MissionLedger.itemCount", value: "\(itemCount)",
                requirement: "at most the \(references) item references plus \(Self.unreferencedItemAllowance)")
        }
        try Validate.count(accepted.count, p.count, "MissionLedger.accepted")
        try Validate.count(interactionItems.count, p.count, "MissionLedger.interactionItems")
        for (index, item) in recordedItems.enumerated() where item < 0 || Int(item) >= itemCount {
            throw AgentEconomiesError.outOfRange(
                field: "MissionLedger.recordedItems[\(index)]", value: "\(item)",
                requirement: "in 0..<\(itemCount)")
        }
        var last = [Int](repeating: -1, count: itemCount)
        for (index, item) in interactionItems.enumerated() {
            if Int(item) >= itemCount || item < -1 {
                throw AgentEconomiesError.outOfRange(
                    field: "MissionLedger.interactionItems[\(index)]",
                    value: "\(item)", requirement: "-1 or in 0..<\(itemCount)")
            }
            if item >= 0 { last[Int(item)] = index }
        }
        for (index, value) in p.enumerated() { try Validate.inRange(value, 0, 1, "MissionLedger.p[\(index)]") }
        self.contributionOffsets = contributionOffsets
        self.recordedItems = recordedItems
        self.p = p
        self.accepted = accepted
        self.interactionItems = interactionItems
        lastOccurrence = last
    }

    /// The number of contributor rows.
    public var contributorCount: Int { contributionOffsets.count - 1 }
    /// The number of distinct recorded items.
    public var itemCount: Int { lastOccurrence.count }
    /// The items contributor `row` recorded.
    public func items(of row: Int) -> ArraySlice<Int32> {
        recordedItems[contributionOffsets[row]..<contributionOffsets[row + 1]]
    }

    /// The aggregate of every interaction some contributor recorded, each occurrence counted.
    ///
    /// - Complexity: O(interactions).
    public var recordedAggregate: MissionAggregate {
        var aggregate = MissionAggregate()
        for index in p.indices where interactionItems[index] >= 0 {
            aggregate.add(p: p[index], accepted: accepted[index])
        }
        return aggregate
    }

    /// The number of interactions some contributor recorded, each occurrence counted.
    ///
    /// - Complexity: O(interactions).
    public var recordedInteractionCount: Int { interactionItems.lazy.filter { $0 >= 0 }.count }
}
