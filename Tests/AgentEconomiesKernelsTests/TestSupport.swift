import AgentEconomiesKernels

// Helpers shared by the kernel test suites: reference products, tolerances, error kinds (the
// seeded inputs are in Workloads).

extension AgentEconomiesError {
    /// The case name, so a test can check which kind of error was thrown.
    var kind: String {
        switch self {
        case .notFinite: return "notFinite"
        case .outOfRange: return "outOfRange"
        case .duplicateID: return "duplicateID"
        case .shapeMismatch: return "shapeMismatch"
        case .unknownID: return "unknownID"
        }
    }
}

/// The reference product `op(A) * op(B)` by a triple loop in `Double`, together with the
/// bound `sum_l |op(A)_il| |op(B)_lj|` used to scale the tolerance of every entry.
func naiveProduct<S: BLASScalar>(
    _ a: Matrix<S>, _ b: Matrix<S>, transposeA: Bool = false,
    transposeB: Bool = false
) -> (values: [[Double]], scale: [[Double]]) {
    let (m, k) = transposeA ? (a.columns, a.rows) : (a.rows, a.columns)
    let n = transposeB ? b.rows : b.columns
    var values = [[Double]](repeating: [Double](repeating: 0, count: n), count: m)
    var scale = values
    for i in 0..<m {
        for j in 0..<n {
            var sum = 0.0, bound = 0.0
            for l in 0..<k {
                let x = Double(transposeA ? a[l, i] : a[i, l])
                let y = Double(transposeB ? b[j, l] : b[l, j])
                sum += x * y
                bound += abs(x * y)
            }
            values[i][j] = sum
            scale[i][j] = bound
        }
    }
    return (values, scale)
}

/// Whether `actual` is within `relative * max(scale, |expected|)` of `expected`
/// (`scale` is the sum of absolute terms, so cancellation cannot make the bound vanish).
func isClose(_ actual: Double, _ expected: Double, scale: Double = 0, relative: Double) -> Bool {
    if actual == expected { return true }
    return abs(actual - expected) <= relative * max(scale, abs(expected), Double.leastNormalMagnitude)
}

/// Whether matrix `c` matches a reference product entry by entry (see ``isClose``).
func matches<S: BLASScalar>(
    _ c: Matrix<S>, _ reference: (values: [[Double]], scale: [[Double]]),
    relative: Double
) -> Bool {
    guard c.rows == reference.values.count else { return false }
    for i in 0..<c.rows {
        guard reference.values[i].count == c.columns else { return false }
        for j in 0..<c.columns
        where !isClose(Double(c[i, j]), reference.values[i][j], scale: reference.scale[i][j], relative: relative) {
            return false
        }
    }
    return true
}

/// Whether `actual` equals `expected` to `relative` (1e-9 by default) relative error.
func close(_ actual: Double, _ expected: Double, relative: Double = 1e-9) -> Bool {
    if actual == expected { return true }
    return abs(actual - expected) <= relative * max(abs(actual), abs(expected))
}
