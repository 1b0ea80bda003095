/// Every envy violation of a market, in (envious, envied) order, recomputed from the market
/// when it is read instead of stored.
///
/// A market of N agents can have up to N(N-1) violations (hundreds of millions for a random
/// market of 20,000 agents), far more than its O(N x R) inputs. The list keeps only the
/// envy check's input (shared, not copied) and the running count of violations per envious
/// agent, so it costs O(N) memory whatever the number of violations. Reading a violation
/// recomputes its envious agent's row: `value_i(bundle_j)` summed in the reference's order
/// for every affordable `j`, exactly as the tiled check decided it.
///
/// - Iterating (`for pair in list`, `Array(list)`, `list.prefix(k)`) computes each row
///   once: O(N + entries of the affordable bundles) per envious agent with a violation, and
///   O(N) memory for the row being read.
/// - The subscript recomputes the row of the position it reads: fine for a few reads, not for
///   a loop over indices; iterate instead. Slices are lists over a sub-range and iterate
///   the same way.
public struct EnvyViolationList: RandomAccessCollection, Sendable {
    /// The envy check's input.
    public let input: AuctionKernels.EnvyCheckInput
    /// `agents + 1` offsets: the violations of envious agent `i` are positions
    /// `offsets[i]..<offsets[i + 1]`.
    public let offsets: [Int]
    /// The first position of this list (0 unless it is a slice).
    public let startIndex: Int
    /// One past the last position of this list.
    public let endIndex: Int

    /// A list over `input` with violation offsets per envious agent.
    ///
    /// - Precondition: `offsets` has `input.agentCount + 1` non-decreasing entries from 0,
    ///   as the envy check computes them.
    init(input: AuctionKernels.EnvyCheckInput, offsets: [Int]) {
        self.init(input: input, offsets: offsets, bounds: 0..<(offsets.last ?? 0))
    }

    private init(input: AuctionKernels.EnvyCheckInput, offsets: [Int], bounds: Range<Int>) {
        self.input = input
        self.offsets = offsets
        startIndex = bounds.lowerBound
        endIndex = bounds.upperBound
    }

    /// The envious agent whose row holds `position`.
    func agent(holding position: Int) -> Int {
        // The last agent whose first position is <= position (offsets are non-decreasing).
        var low = 0, high = offsets.count - 1
        while high - low > 1 {
            let middle = (low + high) / 2
            if offsets[middle] <= position { low = middle } else { high = middle }
        }
        return low
    }

    /// The violation at `position`; recomputes its envious agent's row.
    ///
    /// - Complexity: O(N + entries of the affordable bundles).
    public subscript(position: Int) -> EnvyPair {
        precondition(position >= startIndex && position < endIndex, "EnvyViolationList: position out of range")
        let agent = agent(holding: position)
        return input.violations(ofAgent: agent)[position - offsets[agent]]
    }

    /// The violations at `bounds`, as a list that iterates row by row.
    public subscript(bounds: Range<Int>) -> EnvyViolationList {
        precondition(
            bounds.lowerBound >= startIndex && bounds.upperBound <= endIndex,
            "EnvyViolationList: range out of bounds")
        return EnvyViolationList(input: input, offsets: offsets, bounds: bounds)
    }

    /// The number of violations of envious agent `agent` (in the whole list, not the slice).
    public func count(ofAgent agent: Int) -> Int { offsets[agent + 1] - offsets[agent] }

    /// The violations of envious agent `agent`, by envied agent ascending.
    ///
    /// - Complexity: O(agents + entries of the affordable bundles) when the agent has a violation,
    ///   else O(1).
    public func row(_ agent: Int) -> [EnvyPair] {
        count(ofAgent: agent) == 0 ? [] : input.violations(ofAgent: agent)
    }

    /// Reads the list row by row, computing each envious agent's row once.
    public struct Iterator: IteratorProtocol {
        let list: EnvyViolationList
        var position: Int
        var agent: Int
        var row: [EnvyPair] = []

        init(_ list: EnvyViolationList) {
            self.list = list
            position = list.startIndex
            agent = list.startIndex < list.endIndex ? list.agent(holding: list.startIndex) : 0
            if position < list.endIndex { row = list.input.violations(ofAgent: agent) }
        }

        /// The next violation, or `nil` at the end of the list.
        ///
        /// - Complexity: O(1), except when it enters the next envious agent's row: O(agents +
        ///   entries of the affordable bundles) to recompute that row, plus one step per agent
        ///   without violations skipped.
        public mutating func next() -> EnvyPair? {
            guard position < list.endIndex else { return nil }
            while position >= list.offsets[agent + 1] {
                agent += 1
                if list.offsets[agent + 1] > list.offsets[agent] { row = list.input.violations(ofAgent: agent) }
            }
            let pair = row[position - list.offsets[agent]]
            position += 1
            return pair
        }
    }

    /// An iterator that computes each row once.
    ///
    /// - Complexity: O(log agents + agents + entries of the affordable bundles): the iterator
    ///   computes its first envious agent's row at once.
    public func makeIterator() -> Iterator { Iterator(self) }
}
