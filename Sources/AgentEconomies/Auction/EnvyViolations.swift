/// The envy violations of a dictionary auction, as ``EnvyViolation`` records with agent IDs,
/// in (envious, envied) bid order.
///
/// Backed by the kernel's `EnvyViolationList`, which recomputes an envious agent's row of
/// violations from the market when it is read: a market with hundreds of millions of
/// violations costs O(agents) memory here, and iterating reads each row once. Random access
/// by position recomputes the row it reads (iterate rather than loop over indices). A
/// result built by hand holds its records in an array.
public struct EnvyViolations: RandomAccessCollection, Equatable, Sendable, ExpressibleByArrayLiteral {
    private enum Storage: Sendable {
        case records([EnvyViolation])
        case lazy(EnvyViolationList, agentIDs: [String])
    }

    private let storage: Storage

    /// Records held as given.
    public init(_ records: [EnvyViolation]) { storage = .records(records) }

    /// Records given as an array literal.
    public init(arrayLiteral elements: EnvyViolation...) { storage = .records(elements) }

    /// The kernel's violations named by `agentIDs` (one per market row).
    init(_ list: EnvyViolationList, agentIDs: [String]) { storage = .lazy(list, agentIDs: agentIDs) }

    /// The first position.
    public var startIndex: Int {
        switch storage {
        case let .records(records): return records.startIndex
        case let .lazy(list, _): return list.startIndex
        }
    }

    /// One past the last position.
    public var endIndex: Int {
        switch storage {
        case let .records(records): return records.endIndex
        case let .lazy(list, _): return list.endIndex
        }
    }

    /// The violation at `position`.
    ///
    /// - Complexity: O(1) for records; for a market's violations, O(agents + entries of the
    ///   affordable bundles) to recompute the envious agent's row.
    public subscript(position: Int) -> EnvyViolation {
        switch storage {
        case let .records(records): return records[position]
        case let .lazy(list, agentIDs): return Self.named(list[position], agentIDs)
        }
    }

    /// The violations at `bounds`.
    ///
    /// - Complexity: O(bounds.count) for records (they are copied); O(1) for a market's violations.
    public subscript(bounds: Range<Int>) -> EnvyViolations {
        switch storage {
        case let .records(records): return EnvyViolations(Array(records[bounds]))
        case let .lazy(list, agentIDs): return EnvyViolations(list[bounds], agentIDs: agentIDs)
        }
    }

    /// Reads the violations in order, each envious agent's row computed once.
    public struct Iterator: IteratorProtocol {
        fileprivate var records: IndexingIterator<[EnvyViolation]>?
        fileprivate var pairs: EnvyViolationList.Iterator?
        fileprivate let agentIDs: [String]

        /// The next violation, or `nil` at the end.
        ///
        /// - Complexity: O(1) for records; for a market's violations, O(1) within a row and
        ///   O(agents + entries of the affordable bundles) to recompute each envious agent's row
        ///   once.
        public mutating func next() -> EnvyViolation? {
            if records != nil { return records!.next() }
            return pairs!.next().map { EnvyViolations.named($0, agentIDs) }
        }
    }

    /// An iterator that computes each row once.
    ///
    /// - Complexity: O(1) for records; for a market's violations, O(agents + entries of the
    ///   affordable bundles) to compute the first envious agent's row.
    public func makeIterator() -> Iterator {
        switch storage {
        case let .records(records): return Iterator(records: records.makeIterator(), pairs: nil, agentIDs: [])
        case let .lazy(list, agentIDs): return Iterator(records: nil, pairs: list.makeIterator(), agentIDs: agentIDs)
        }
    }

    /// Whether both hold the same violations in the same order (compares every record).
    ///
    /// - Complexity: O(violations) for records; a market's violations are recomputed row by row on
    ///   both sides, O(agents + entries of the affordable bundles) per envious agent.
    public static func == (lhs: EnvyViolations, rhs: EnvyViolations) -> Bool {
        lhs.count == rhs.count && lhs.elementsEqual(rhs)
    }

    private static func named(_ pair: EnvyPair, _ agentIDs: [String]) -> EnvyViolation {
        EnvyViolation(enviousAgent: agentIDs[pair.envious], enviedAgent: agentIDs[pair.envied], utilityGap: pair.gap)
    }
}
