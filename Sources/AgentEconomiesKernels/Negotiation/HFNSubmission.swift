/// How the market answered one order.
public enum HFNSubmission: Equatable, Sendable {
    /// A bid or ask now rests in its book, with `latencyMs` (the order's latency plus the
    /// noise draw).
    case accepted(latencyMs: Double)
    /// A cancel removed this many resting orders (possibly 0).
    case cancelled(count: Int)
    /// The order was refused.
    case rejected(HFNRejection)

    /// Whether the reference's `submit_order` would return true.
    public var isAccepted: Bool {
        if case .rejected = self { return false }
        return true
    }
}
