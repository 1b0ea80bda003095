/// Per-thread scratch of the demand walk, allocated once per block of agents.
final class DemandScratch {
    /// Screening ratios `valuation * (1 / price)`; `-infinity` for entries not (or no
    /// longer) available to the agent. Padded to whole SIMD4 chunks with `-infinity`.
    let approximate: UnsafeMutablePointer<Double>
    /// Exact ratios `valuation / price` for the sorted tail of a long walk.
    let ratios: UnsafeMutablePointer<Double>
    /// Resources bought so far by the current agent, before the sorted tail.
    let picked: UnsafeMutablePointer<Int>
    /// Number of entries of `picked` in use.
    var pickedCount = 0
    /// Resources left to walk in a long walk, sorted.
    var order: [Int] = []
    private let paddedCount: Int

    init(resources: Int) {
        paddedCount = (resources + 3) / 4 * 4
        approximate = .allocate(capacity: paddedCount)
        approximate.initialize(repeating: -.infinity, count: paddedCount)
        ratios = .allocate(capacity: max(resources, 1))
        ratios.initialize(repeating: 0, count: max(resources, 1))
        picked = .allocate(capacity: DemandContext.scansBeforeSort)
        picked.initialize(repeating: 0, count: DemandContext.scansBeforeSort)
        order.reserveCapacity(resources)
    }

    deinit {
        approximate.deallocate()
        ratios.deallocate()
        picked.deallocate()
    }

    /// Whether `resource` was bought in the scanned part of the current walk.
    @inline(__always)
    func wasPicked(_ resource: Int) -> Bool {
        for index in 0..<pickedCount where picked[index] == resource { return true }
        return false
    }
}
