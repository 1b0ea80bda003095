import AgentEconomiesKernels
import Testing
import Workloads

/// `BLAS.gemm`, `BLAS.gemv` and the `product` helpers against naive loops, for `Double`
/// (relative 1e-12) and `Float` (relative 1e-4); tolerances scale with `sum |a| |b|`.
@Suite("BLAS products")
struct BLASProductTests {
    static let transposes = [(false, false), (false, true), (true, false), (true, true)]

    @Test("gemm / product for Double, all transposes", arguments: transposes)
    func gemmDouble(_ transposeA: Bool, _ transposeB: Bool) throws {
        try checkGemm(Double.self, transposeA: transposeA, transposeB: transposeB, relative: 1e-12)
    }

    @Test("gemm / product for Float, all transposes", arguments: transposes)
    func gemmFloat(_ transposeA: Bool, _ transposeB: Bool) throws {
        try checkGemm(Float.self, transposeA: transposeA, transposeB: transposeB, relative: 1e-4)
    }

    func checkGemm<S: BLASScalar>(_: S.Type, transposeA: Bool, transposeB: Bool, relative: Double) throws {
        let (m, n, k) = (13, 9, 21)
        let a: Matrix<S> = transposeA ? Matrices.uniform(k, m, seed: 1) : Matrices.uniform(m, k, seed: 1)
        let b: Matrix<S> = transposeB ? Matrices.uniform(n, k, seed: 2) : Matrices.uniform(k, n, seed: 2)
        let reference = naiveProduct(a, b, transposeA: transposeA, transposeB: transposeB)

        let product = try BLAS.product(a, b, transposeA: transposeA, transposeB: transposeB)
        #expect(product.rows == m && product.columns == n)
        #expect(matches(product, reference, relative: relative))

        // alpha * op(A) op(B) + beta * C with a non-zero C.
        let c0: Matrix<S> = Matrices.uniform(m, n, seed: 3)
        var c = c0
        try BLAS.gemm(a, b, transposeA: transposeA, transposeB: transposeB, alpha: 2, beta: -0.5, into: &c)
        var expected = reference
        for i in 0..<m {
            for j in 0..<n {
                expected.values[i][j] = 2 * reference.values[i][j] - 0.5 * Double(c0[i, j])
                expected.scale[i][j] = 2 * reference.scale[i][j] + 0.5 * abs(Double(c0[i, j]))
            }
        }
        #expect(matches(c, expected, relative: relative))
    }

    @Test("raw gemm honours leading dimensions larger than the width")
    func paddedLeadingDimensions() throws {
        let (m, n, k) = (4, 3, 5)
        let a = Matrices.uniform(m, k, seed: 10, as: Double.self)
        let b = Matrices.uniform(k, n, seed: 11, as: Double.self)
        let (lda, ldb, ldc) = (k + 2, n + 3, n + 1)
        var paddedA = [Double](repeating: .nan, count: m * lda)
        var paddedB = [Double](repeating: .nan, count: k * ldb)
        for i in 0..<m { for l in 0..<k { paddedA[i * lda + l] = a[i, l] } }
        for l in 0..<k { for j in 0..<n { paddedB[l * ldb + j] = b[l, j] } }
        var c = [Double](repeating: 42, count: (m - 1) * ldc + n)
        try paddedA.withUnsafeBufferPointer { pa in
            try paddedB.withUnsafeBufferPointer { pb in
                try c.withUnsafeMutableBufferPointer { pc in
                    try BLAS.gemm(
                        transposeA: false, transposeB: false, m: m, n: n, k: k, alpha: 1, a: pa, lda: lda,
                        b: pb, ldb: ldb, beta: 0, c: pc, ldc: ldc)
                }
            }
        }
        let reference = naiveProduct(a, b)
        for i in 0..<m {
            for j in 0..<n {
                #expect(isClose(c[i * ldc + j], reference.values[i][j], scale: reference.scale[i][j], relative: 1e-12))
            }
            if i < m - 1 { #expect(c[i * ldc + n] == 42) }  // the padding of C is untouched
        }
    }

    @Test("gemv / product(a, x) for both transposes", arguments: [false, true])
    func gemv(_ transpose: Bool) throws {
        let a = Matrices.uniform(11, 6, seed: 20, as: Double.self)
        let xLength = transpose ? 11 : 6
        let x = Matrices.uniform(1, xLength, seed: 21, as: Double.self).storage
        let y = try BLAS.product(a, x, transpose: transpose)
        let reference = naiveProduct(transpose ? a.transposed() : a, try Matrix(rows: xLength, columns: 1, storage: x))
        #expect(y.count == (transpose ? 6 : 11))
        for i in y.indices {
            #expect(isClose(y[i], reference.values[i][0], scale: reference.scale[i][0], relative: 1e-12))
        }

        let af = Matrices.uniform(11, 6, seed: 22, as: Float.self)
        let xf = x.map(Float.init)
        let yf = try BLAS.product(af, xf, transpose: transpose)
        let referenceF = naiveProduct(
            transpose ? af.transposed() : af, try Matrix(rows: xLength, columns: 1, storage: xf))
        for i in yf.indices {
            #expect(isClose(Double(yf[i]), referenceF.values[i][0], scale: referenceF.scale[i][0], relative: 1e-4))
        }
    }

    @Test("raw gemv with alpha, beta and strides (incx 2, incy -1)", arguments: [false, true])
    func gemvStrided(_ transpose: Bool) throws {
        let (m, n) = (5, 4)
        let a = Matrices.uniform(m, n, seed: 30, as: Double.self)
        let (xLength, yLength) = transpose ? (m, n) : (n, m)
        let x = Matrices.uniform(1, xLength, seed: 31, as: Double.self).storage
        var stridedX = [Double](repeating: .nan, count: 2 * xLength - 1)
        for i in 0..<xLength { stridedX[2 * i] = x[i] }
        let y0 = Matrices.uniform(1, yLength, seed: 32, as: Double.self).storage
        var y = Array(y0.reversed())  // incy = -1: element i is stored at yLength - 1 - i
        try a.withUnsafeBufferPointer { pa in
            try stridedX.withUnsafeBufferPointer { px in
                try y.withUnsafeMutableBufferPointer { py in
                    try BLAS.gemv(
                        transpose: transpose, m: m, n: n, alpha: 3, a: pa, lda: n, x: px, incx: 2,
                        beta: 0.25, y: py, incy: -1)
                }
            }
        }
        for i in 0..<yLength {
            var sum = 0.0, scale = 0.0
            for l in 0..<xLength {
                let term = (transpose ? a[l, i] : a[i, l]) * x[l]
                sum += term
                scale += abs(term)
            }
            let expected = 3 * sum + 0.25 * y0[i]
            #expect(isClose(y[yLength - 1 - i], expected, scale: 3 * scale + 0.25 * abs(y0[i]), relative: 1e-12))
        }
    }
}

/// Empty operands: no crash, and the result has the right shape and values.
@Suite("BLAS empty products")
struct BLASEmptyTests {
    @Test("0-row, 0-column and 0-inner products", arguments: [(0, 4, 3), (3, 0, 4), (3, 4, 0), (0, 0, 0)])
    func emptyGemm(_ m: Int, _ n: Int, _ k: Int) throws {
        for (transposeA, transposeB) in BLASProductTests.transposes {
            let a: Matrix<Double> = transposeA ? Matrices.uniform(k, m, seed: 1) : Matrices.uniform(m, k, seed: 1)
            let b: Matrix<Double> = transposeB ? Matrices.uniform(n, k, seed: 2) : Matrices.uniform(k, n, seed: 2)
            let c = try BLAS.product(a, b, transposeA: transposeA, transposeB: transposeB)
            #expect(c.rows == m && c.columns == n)
            #expect(c.storage == [Double](repeating: 0, count: m * n))
        }
        let af = try Matrix<Float>(rows: m, columns: k)
        let bf = try Matrix<Float>(rows: k, columns: n)
        #expect(try BLAS.product(af, bf).storage == [Float](repeating: 0, count: m * n))
    }

    @Test("an empty inner dimension scales C by beta")
    func emptyInnerScalesC() throws {
        let a = try Matrix<Double>(rows: 2, columns: 0)
        let b = try Matrix<Double>(rows: 0, columns: 3)
        var c = try Matrix<Double>(rows: 2, columns: 3, storage: [1, 2, 3, 4, 5, 6])
        try BLAS.gemm(a, b, alpha: 5, beta: 2, into: &c)
        #expect(c.storage == [2, 4, 6, 8, 10, 12])
    }

    @Test("gemv with an empty input vector gives beta * y")
    func emptyGemv() throws {
        let a = try Matrix<Double>(rows: 3, columns: 0)
        #expect(try BLAS.product(a, []) == [0, 0, 0])
        #expect(try BLAS.product(a, [1, 2, 3], transpose: true) == [])
        var y: [Double] = [1, 2, 3]
        var nanY: [Double] = [.nan, .nan, .nan]
        let empty: [Double] = []
        try empty.withUnsafeBufferPointer { pa in
            try y.withUnsafeMutableBufferPointer { py in
                try BLAS.gemv(transpose: false, m: 3, n: 0, alpha: 1, a: pa, lda: 1, x: pa, beta: 2, y: py)
            }
            try nanY.withUnsafeMutableBufferPointer { py in
                try BLAS.gemv(transpose: false, m: 3, n: 0, alpha: 1, a: pa, lda: 1, x: pa, beta: 0, y: py)
            }
        }
        #expect(y == [2, 4, 6])
        #expect(nanY == [0, 0, 0])
    }
}

/// Invalid arguments throw an `AgentEconomiesError` whose `field` names the argument.
@Suite("BLAS argument errors")
struct BLASErrorTests {
    /// Calls the raw `gemm` with a 2x3 times 3x4 product and the given overrides.
    func rawGemm(
        m: Int = 2, n: Int = 4, k: Int = 3, transposeA: Bool = false,
        aCount: Int = 6, lda: Int = 3, bCount: Int = 12, ldb: Int = 4,
        cCount: Int = 8, ldc: Int = 4
    ) throws {
        let a = [Double](repeating: 1, count: aCount), b = [Double](repeating: 1, count: bCount)
        var c = [Double](repeating: 0, count: cCount)
        try a.withUnsafeBufferPointer { pa in
            try b.withUnsafeBufferPointer { pb in
                try c.withUnsafeMutableBufferPointer { pc in
                    try BLAS.gemm(
                        transposeA: transposeA, transposeB: false, m: m, n: n, k: k, alpha: 1, a: pa, lda: lda,
                        b: pb, ldb: ldb, beta: 0, c: pc, ldc: ldc)
                }
            }
        }
    }

    @Test("the default arguments of the helper are valid")
    func validBaseline() throws {
        try rawGemm()
    }

    @Test("inner dimension mismatch names gemm.b")
    func innerMismatch() {
        let a = Matrices.uniform(2, 3, seed: 1, as: Double.self), b = Matrices.uniform(4, 2, seed: 2, as: Double.self)
        let error = #expect(throws: AgentEconomiesError.self) { try BLAS.product(a, b) }
        #expect(error?.kind == "shapeMismatch")
        #expect(error?.field == "gemm.b")
        // 2x3 times (4x2)^T does not fit either; (2x3)^T times (4x2)^T does.
        #expect(throws: AgentEconomiesError.self) { try BLAS.product(a, b, transposeB: true) }
        #expect(throws: Never.self) { try BLAS.product(a, b, transposeA: true, transposeB: true) }
    }

    @Test("a C of the wrong shape names gemm.c")
    func wrongC() throws {
        let a = Matrices.uniform(2, 3, seed: 1, as: Double.self), b = Matrices.uniform(3, 4, seed: 2, as: Double.self)
        var c = try Matrix<Double>(rows: 4, columns: 2)
        let error = #expect(throws: AgentEconomiesError.self) { try BLAS.gemm(a, b, into: &c) }
        #expect(error?.kind == "shapeMismatch")
        #expect(error?.field == "gemm.c")
    }

    @Test("a leading dimension below the width names its operand")
    func leadingDimensionTooSmall() {
        let lda = #expect(throws: AgentEconomiesError.self) { try rawGemm(lda: 2) }
        #expect(lda?.kind == "outOfRange")
        #expect(lda?.field == "gemm.lda")
        // Transposed A is stored k x m = 3 x 2, so lda = 2 is enough but 1 is not.
        #expect(throws: Never.self) { try rawGemm(transposeA: true, lda: 2) }
        let transposed = #expect(throws: AgentEconomiesError.self) { try rawGemm(transposeA: true, lda: 1) }
        #expect(transposed?.field == "gemm.lda")
        let ldb = #expect(throws: AgentEconomiesError.self) { try rawGemm(ldb: 3) }
        #expect(ldb?.field == "gemm.ldb")
        let ldc = #expect(throws: AgentEconomiesError.self) { try rawGemm(ldc: 3) }
        #expect(ldc?.field == "gemm.ldc")
    }

    @Test("a buffer too short names its operand")
    func bufferTooShort() {
        for (error, field) in [
            (#expect(throws: AgentEconomiesError.self) { try rawGemm(aCount: 5) }, "gemm.a"),
            (#expect(throws: AgentEconomiesError.self) { try rawGemm(bCount: 11) }, "gemm.b"),
            (#expect(throws: AgentEconomiesError.self) { try rawGemm(cCount: 7) }, "gemm.c"),
            // With lda 5 the last row of A starts at 5 and needs 5 + 3 = 8 elements.
            (#expect(throws: AgentEconomiesError.self) { try rawGemm(aCount: 7, lda: 5) }, "gemm.a"),
        ] {
            #expect(error?.kind == "shapeMismatch")
            #expect(error?.field == field)
        }
        #expect(throws: Never.self) { try rawGemm(aCount: 8, lda: 5) }
    }

    @Test("negative dimensions name gemm.m, gemm.n, gemm.k")
    func negativeDimensions() {
        #expect(#expect(throws: AgentEconomiesError.self) { try rawGemm(m: -1) }?.field == "gemm.m")
        #expect(#expect(throws: AgentEconomiesError.self) { try rawGemm(n: -1) }?.field == "gemm.n")
        #expect(#expect(throws: AgentEconomiesError.self) { try rawGemm(k: -1) }?.field == "gemm.k")
    }

    /// Calls the raw `gemv` on a 3x2 matrix with the given overrides.
    func rawGemv(
        transpose: Bool = false, lda: Int = 2, xCount: Int = 2, incx: Int = 1,
        yCount: Int = 3, incy: Int = 1
    ) throws {
        let a = [Double](repeating: 1, count: 6), x = [Double](repeating: 1, count: xCount)
        var y = [Double](repeating: 0, count: yCount)
        try a.withUnsafeBufferPointer { pa in
            try x.withUnsafeBufferPointer { px in
                try y.withUnsafeMutableBufferPointer { py in
                    try BLAS.gemv(
                        transpose: transpose, m: 3, n: 2, alpha: 1, a: pa, lda: lda, x: px, incx: incx,
                        beta: 0, y: py, incy: incy)
                }
            }
        }
    }

    @Test("gemv: zero increments, short vectors and small lda name the argument")
    func gemvErrors() {
        #expect(throws: Never.self) { try rawGemv() }
        #expect(throws: Never.self) { try rawGemv(transpose: true, xCount: 3, yCount: 2) }
        let incx = #expect(throws: AgentEconomiesError.self) { try rawGemv(incx: 0) }
        #expect(incx?.kind == "outOfRange")
        #expect(incx?.field == "gemv.incx")
        let incy = #expect(throws: AgentEconomiesError.self) { try rawGemv(incy: 0) }
        #expect(incy?.field == "gemv.incy")
        #expect(#expect(throws: AgentEconomiesError.self) { try rawGemv(xCount: 1) }?.field == "gemv.x")
        #expect(#expect(throws: AgentEconomiesError.self) { try rawGemv(xCount: 2, incx: 2) }?.field == "gemv.x")
        #expect(#expect(throws: AgentEconomiesError.self) { try rawGemv(yCount: 2) }?.field == "gemv.y")
        #expect(#expect(throws: AgentEconomiesError.self) { try rawGemv(transpose: true) }?.field == "gemv.x")
        let lda = #expect(throws: AgentEconomiesError.self) { try rawGemv(lda: 1) }
        #expect(lda?.field == "gemv.lda")
    }

    @Test("product(a, x) with the wrong vector length names gemv.x")
    func productVectorLength() {
        let a = Matrices.uniform(3, 2, seed: 1, as: Double.self)
        let error = #expect(throws: AgentEconomiesError.self) { try BLAS.product(a, [1, 2, 3]) }
        #expect(error?.kind == "shapeMismatch")
        #expect(error?.field == "gemv.x")
        #expect(throws: Never.self) { try BLAS.product(a, [1, 2, 3], transpose: true) }
    }

    @Test("coreName is the name OpenBLAS reports, not the fallback")
    func coreName() {
        let name = BLAS.coreName
        #expect(!name.isEmpty && name != "unknown")
        #expect(name.allSatisfy { $0.isLetter || $0.isNumber }, "\(name)")
    }
}
