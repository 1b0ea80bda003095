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
    /// for sums without split rows.
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
            // A first Gram matrix is taken as it is (its entries are sums of products of
            // non-negative weights, never -0, so this equals adding it to zeros).
            if gram.isEmpty {
                gram = other.gram
            } else {
                for index in gram.indices { gram[index] += other.gram[index] }
            }
        }
        splitRows += other.splitRows
        settled += other.settled
    }

    /// Appends these sums to `buffer` as doubles (counts exactly, below 2^53): the
    /// objective, split rows, settled rows, then spending, diagonal and smoothing derivative
    /// per good, then the Gram matrix when a row split its budget.
    func append(to buffer: inout [Double]) {
        buffer.append(objective)
        buffer.append(Double(splitRows))
        buffer.append(Double(settled))
        buffer.append(contentsOf: spend)
        buffer.append(contentsOf: diagonal)
        buffer.append(contentsOf: muDerivative)
        if splitRows > 0 { buffer.append(contentsOf: gram) }
    }

    /// Reads sums written by ``append(to:)`` from `buffer` at `position`, advancing it.
    init(goods n: Int, reading buffer: [Double], at position: inout Int) {
        self.init(goods: n, gram: false)
        objective = buffer[position]
        splitRows = Int(buffer[position + 1])
        settled = Int(buffer[position + 2])
        position += 3
        spend = Array(buffer[position..<(position + n)])
        diagonal = Array(buffer[(position + n)..<(position + 2 * n)])
        muDerivative = Array(buffer[(position + 2 * n)..<(position + 3 * n)])
        position += 3 * n
        if splitRows > 0 {
            gram = Array(buffer[position..<(position + n * n)])
            position += n * n
        }
    }
}
