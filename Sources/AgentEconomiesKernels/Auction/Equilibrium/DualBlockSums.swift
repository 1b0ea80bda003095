import CBLAS

#if canImport(Glibc)
    import Glibc
#endif

/// The sums one block of rows contributes to an evaluation of the smoothed dual: spending
/// and Hessian diagonal per good, the Gram matrix of the rows that split their budget, the
/// derivative of the gradient in the smoothing, the objective, and row counts.
struct DualBlockSums {
    /// Spending per good.
    var spend: [Double]
    /// Per good, `sum_i B_i sigma_ig (1 - sigma_ig)`.
    var diagonal: [Double]
    /// `sum_i B_i sigma_i sigma_i^T` over split rows (upper triangle, `goods x goods`); empty
    /// for a block without split rows.
    var gram: [Double]
    /// d(spending)/d(mu) per good, at fixed prices.
    var muDerivative: [Double]
    /// The block's part of the smoothed dual's value.
    var objective = 0.0
    /// Rows that spread their budget over more than one good.
    var splitRows = 0
    /// Rows settled from the row cache without being read.
    var settled = 0

    /// Zero sums over `n` goods.
    init(goods n: Int, gram withGram: Bool = true) {
        spend = [Double](repeating: 0, count: n)
        diagonal = [Double](repeating: 0, count: n)
        muDerivative = [Double](repeating: 0, count: n)
        gram = withGram ? [Double](repeating: 0, count: n * n) : []
    }

    /// Adds another block's sums (blocks are added in block order).
    mutating func add(_ other: DualBlockSums) {
        objective += other.objective
        for g in spend.indices {
            muDerivative[g] += other.muDerivative[g]
            spend[g] += other.spend[g]
            diagonal[g] += other.diagonal[g]
        }
        if other.splitRows > 0 {
            for index in gram.indices { gram[index] += other.gram[index] }
        }
        splitRows += other.splitRows
        settled += other.settled
    }
}
