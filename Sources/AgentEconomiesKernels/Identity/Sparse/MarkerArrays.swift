/// Scratch marker words owned by a join: one word per row and worker, each
/// `generation << countBits | count`, where `count` is how many of the current row's keys met
/// that row. A worker's generation grows by one per row it processes, so stale words never
/// match; the array is cleared when generations wrap. Four bytes per row (not eight for a
/// row stamp and a count) keep a worker's array in its core's cache twice as long.
final class MarkerArrays {
    /// Bits of the count; the generation takes the rest of the word.
    static let countBits: UInt32 = 20
    /// The count field.
    static let countMask: UInt32 = (1 << countBits) - 1
    /// Counts stop growing here (a join's filter caps what it requires at this value).
    static let saturated: UInt32 = countMask - 1
    /// The count value marking a sharing row that was scored and rejected.
    static let rejected: UInt32 = countMask
    /// The last generation before the array is cleared.
    static let maxGeneration: UInt32 = (1 << (32 - countBits)) - 1

    let base: UnsafeMutablePointer<UInt32>
    let generations: UnsafeMutablePointer<UInt32>
    let rows: Int

    init(workers: Int, rows: Int) {
        self.rows = rows
        base = .allocate(capacity: max(1, workers * rows))
        base.initialize(repeating: 0, count: max(1, workers * rows))
        generations = .allocate(capacity: max(1, workers))
        generations.initialize(repeating: 0, count: max(1, workers))
    }

    deinit {
        base.deallocate()
        generations.deallocate()
    }
}
