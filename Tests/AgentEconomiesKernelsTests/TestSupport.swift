import AgentEconomiesKernels

// Helpers shared by the kernel test suites: reference products, random matrices, error kinds.

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

/// A `rows x columns` matrix with entries drawn uniformly from [-1, 1).
func randomMatrix<S: BLASScalar>(_ rows: Int, _ columns: Int, seed: UInt64, as _: S.Type = S.self) -> Matrix<S> {
    var generator = FastRandom(seed: seed)
    let storage = (0..<(rows * columns)).map { _ in S(generator.uniform(-1, 1)) }
    return try! Matrix(rows: rows, columns: columns, storage: storage)
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

/// Interaction patterns of `rows` rows over `columns` counterparties: `planted(row)` gives a
/// planted row's keys (nil: `keyCounts` random keys), every count 1 to 3.
func plantedPatterns(
    rows: Int, columns: Int, seed: UInt64, keyCounts: ClosedRange<Int>, planted: (Int) -> Set<Int32>?
) throws -> PatternMatrix {
    var random = FastRandom(seed: seed)
    var offsets = [0], keys: [Int32] = [], values: [Double] = []
    for row in 0..<rows {
        let rowKeys =
            planted(row)
            ?? Set(
                (0..<(keyCounts.lowerBound + Int(random.next() % UInt64(keyCounts.count)))).map { _ in
                    Int32(random.next() % UInt64(columns))
                })
        for key in rowKeys.sorted() {
            keys.append(key)
            values.append(Double(1 + random.next() % 3))
        }
        offsets.append(keys.count)
    }
    return try PatternMatrix(columnCount: columns, rowOffsets: offsets, columns: keys, values: values)
}
