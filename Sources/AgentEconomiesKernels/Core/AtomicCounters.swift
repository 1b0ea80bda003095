import Synchronization

/// Integer counters that the workers of a parallel region update at once (relaxed atomic
/// adds): the histograms and scatter cursors of parallel CSR builds, where each worker
/// counts or places entries whose rows belong to other workers' chunks.
///
/// Which worker adds first is not fixed, so a build that scatters through these cursors must
/// put each list in a fixed order afterwards (sort it) to stay independent of the thread count.
package final class AtomicCounters: @unchecked Sendable {
    private let base: UnsafeMutablePointer<Atomic<Int>>
    /// The number of counters.
    package let count: Int

    /// `count` counters, counter `i` starting at `initial(i)`.
    ///
    /// - Complexity: O(count).
    package init(count: Int, initial: (Int) -> Int = { _ in 0 }) {
        self.count = count
        base = .allocate(capacity: max(1, count))
        for index in 0..<count { (base + index).initialize(to: Atomic(initial(index))) }
    }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }

    /// Adds `amount` to counter `index` and returns the value it held before.
    @inline(__always)
    package func add(_ index: Int, _ amount: Int = 1) -> Int {
        base[index].wrappingAdd(amount, ordering: .relaxed).oldValue
    }

    /// The value of counter `index` (read after the region that updated it has ended).
    @inline(__always)
    package func load(_ index: Int) -> Int { base[index].load(ordering: .relaxed) }
}
