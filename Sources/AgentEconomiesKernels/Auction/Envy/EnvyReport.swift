/// What the envy check found: the true number of violations, how many each agent has, the
/// largest gap, and every violation as a lazily recomputed list.
///
/// Memory: O(N) (one offset per agent) plus the check's input, which is shared with the
/// caller's market and bundles, not copied; never proportional to the number of violations.
public struct EnvyReport: Sendable {
    /// Number of ordered pairs (i, j) in violation.
    public var violationCount: Int { violations.offsets.last ?? 0 }
    /// Every violation in (envious, envied) order; see ``EnvyViolationList`` for the cost
    /// of reading it.
    public let violations: EnvyViolationList
    /// The largest gap over all ordered pairs i != j that the envious agent could afford
    /// (`-infinity` when there are none), computed from the tiled product: exact for
    /// violations, within rounding elsewhere.
    public let largestGap: Double
    /// Whether there are no violations.
    public var isEnvyFree: Bool { violationCount == 0 }

    /// A report from the check's input, the violation offsets per envious agent
    /// (`agents + 1` entries, non-decreasing from 0) and the largest gap.
    init(input: AuctionKernels.EnvyCheckInput, offsets: [Int], largestGap: Double) {
        violations = EnvyViolationList(input: input, offsets: offsets)
        self.largestGap = largestGap
    }

    /// A report from every agent's violation count (in agent order) and the largest gap:
    /// how a check split over agent ranges (threads or processes) is put together.
    ///
    /// - Complexity: O(agents), over the default number of workers.
    package init(input: AuctionKernels.EnvyCheckInput, counts: [Int], largestGap: Double) {
        let offsets = Parallel.prefixSums(count: counts.count, threads: nil) { counts[$0] }
        self.init(input: input, offsets: offsets, largestGap: largestGap)
    }

    /// The number of violations of each envious agent, in agent order.
    ///
    /// - Complexity: O(agents), a new array on every read.
    public var violationsPerAgent: [Int] {
        (0..<(violations.offsets.count - 1)).map { violations.count(ofAgent: $0) }
    }
}
