/// How the equilibrium solver's partial sums reach every process taking part in one solve.
///
/// The solver computes sums over its own agent rows: per reduction group of
/// ``AuctionKernels/equilibriumGroupRows`` agents (spending, Hessian, objective), per block
/// of ``AuctionKernels/blockRows`` agents (certificate demand), and a few flags and counts.
/// In one process those are already all the rows; in an MPI job (the `AgentEconomiesMPI`
/// module) each rank holds consecutive whole groups, and this exchange gathers every rank's
/// values in rank order, which is group and block order. The solver then adds them in that
/// fixed order, so the answer is the single-process one for any rank count.
package protocol EquilibriumExchange {
    /// Every process's `values`, concatenated in process (rank) order. Every process calls
    /// it the same number of times, in the same order.
    func gather(_ values: [Double]) throws -> [Double]

    /// Whether this process holds every row (its sums need not be serialised to be gathered).
    var isSingleProcess: Bool { get }
}

/// The exchange of a solve in one process: its values are all the values.
struct LocalExchange: EquilibriumExchange {
    func gather(_ values: [Double]) -> [Double] { values }
    var isSingleProcess: Bool { true }
}

extension EquilibriumExchange {
    /// Gathering processes: false unless the exchange says otherwise.
    package var isSingleProcess: Bool { false }

    /// Per entry, whether any process's `flags` entry is set (all processes pass as many).
    func any(_ flags: [Bool]) throws -> [Bool] {
        let all = try gather(flags.map { $0 ? 1 : 0 })
        var result = [Bool](repeating: false, count: flags.count)
        if flags.isEmpty { return result }
        for (index, value) in all.enumerated() where value != 0 { result[index % flags.count] = true }
        return result
    }

    /// The sum of every process's count (exact below 2^53).
    func sum(_ count: Int) throws -> Int {
        Int(try gather([Double(count)]).reduce(0, +))
    }

    /// The largest of every process's `value`.
    func maximum(_ value: Double) throws -> Double {
        try gather([value]).max() ?? value
    }
}
