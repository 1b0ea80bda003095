import CBLAS

#if canImport(Glibc)
    import Glibc
#endif

/// Scratch of one block of an evaluation pass, allocated once per block and freed with it
/// (as ``DemandScratch`` is for the demand walk).
final class DualScratch {
    /// A row's log value per price.
    let shifted: UnsafeMutablePointer<Double>
    /// The goods within the smoothing window.
    let hits: UnsafeMutablePointer<Int>
    /// The hits' scaled log values `(shifted - largest) / mu`.
    let scaled: UnsafeMutablePointer<Double>
    /// `sqrt(B_i) sigma_i` of the block's split rows, `goods` per row, for one `dsyrk`.
    private(set) var weights: UnsafeMutablePointer<Double>
    private var weightRows = 16
    private let goods: Int

    init(goods n: Int) {
        goods = max(n, 1)
        shifted = .allocate(capacity: goods)
        hits = .allocate(capacity: goods)
        scaled = .allocate(capacity: goods)
        weights = .allocate(capacity: weightRows * goods)
    }

    deinit {
        shifted.deallocate()
        hits.deallocate()
        scaled.deallocate()
        weights.deallocate()
    }

    /// Row `index` of the weights, zeroed; the buffer doubles when full.
    func weightRow(_ index: Int) -> UnsafeMutablePointer<Double> {
        if index == weightRows {
            let grown = UnsafeMutablePointer<Double>.allocate(capacity: 2 * weightRows * goods)
            grown.update(from: weights, count: weightRows * goods)
            weights.deallocate()
            weights = grown
            weightRows *= 2
        }
        let row = weights + index * goods
        row.update(repeating: 0, count: goods)
        return row
    }
}
