/// Rewards of one mission: the paid contributor rows, in row order, and their amounts.
public struct MissionPayout: Equatable, Sendable {
    /// Paid rows of the ledger, ascending.
    public var rows: [Int]
    /// The amount of each paid row.
    public var amounts: [Double]

    /// A payout from its columns.
    public init(rows: [Int] = [], amounts: [Double] = []) {
        self.rows = rows
        self.amounts = amounts
    }
}
