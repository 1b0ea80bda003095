/// One resting order's place in an ``OrderBook`` side: the priority key and the pool slot.
///
/// Entries compare by `key`, then `time`, then `sequence` (all ascending). For bids the key
/// is the negated price, so the highest price comes first on both sides.
@usableFromInline
struct OrderHeapEntry: Sendable, Codable {
    @usableFromInline var key: Double
    @usableFromInline var time: Double
    @usableFromInline var sequence: UInt64
    @usableFromInline var slot: Int32

    @inlinable
    init(key: Double, time: Double, sequence: UInt64, slot: Int32) {
        self.key = key
        self.time = time
        self.sequence = sequence
        self.slot = slot
    }

    /// Strict price-time priority: `self` is served before `other`.
    @inlinable
    func precedes(_ other: OrderHeapEntry) -> Bool {
        if key != other.key { return key < other.key }
        if time != other.time { return time < other.time }
        return sequence < other.sequence
    }
}
