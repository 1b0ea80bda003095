/// The per-interaction terms of the soft payoff rules, each a column that broadcasts: empty
/// (every entry 0), one value (the same for every interaction) or one value per interaction.
public struct SoftPayoffTerms: Sendable, Equatable {
    /// Transfer from initiator to counterparty (`tau`).
    public var tau: [Double]
    /// The initiator's governance cost (`c_a`).
    public var cA: [Double]
    /// The counterparty's governance cost (`c_b`).
    public var cB: [Double]
    /// The initiator's reputation change (`r_a`).
    public var rA: [Double]
    /// The counterparty's reputation change (`r_b`).
    public var rB: [Double]

    /// Terms from their columns (all 0 unless given).
    public init(tau: [Double] = [], cA: [Double] = [], cB: [Double] = [], rA: [Double] = [], rB: [Double] = []) {
        self.tau = tau
        self.cA = cA
        self.cB = cB
        self.rA = rA
        self.rB = rB
    }

    /// Throws ``AgentEconomiesError`` naming the column when one has neither 0, 1 nor `count`
    /// entries, or holds a NaN or infinite value.
    ///
    /// - Complexity: O(entries of the five columns).
    public func validate(count: Int) throws { try validate(count: count, threads: 1) }

    /// ``validate(count:)`` with the finiteness scans over up to `threads` workers (`nil`:
    /// ``Parallel/defaultThreadCount``); the same error, naming the first bad entry.
    func validate(count: Int, threads: Int?) throws {
        for (name, column) in [("tau", tau), ("c_a", cA), ("c_b", cB), ("r_a", rA), ("r_b", rB)] {
            if column.count > 1 && column.count != count {
                throw AgentEconomiesError.shapeMismatch(
                    field: name, expected: "0, 1 or \(count) entries (one per interaction)", actual: "\(column.count)")
            }
            if let index = Parallel.firstIndex(count: column.count, threads: threads, where: { !column[$0].isFinite }) {
                throw AgentEconomiesError.notFinite(field: "\(name)[\(index)]", value: column[index])
            }
        }
    }

    /// Entry `index` of a broadcasting column.
    @inlinable
    static func entry(_ column: UnsafeBufferPointer<Double>, _ index: Int) -> Double {
        column.count == 0 ? 0 : column.count == 1 ? column[0] : column[index]
    }
}
