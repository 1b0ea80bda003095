import CBLAS

/// Checked wrappers over the CBLAS routines the kernels use.
///
/// Every wrapper validates dimensions and leading dimensions first and throws
/// ``AgentEconomiesError`` instead of letting BLAS print an error or read out of bounds.
/// All matrices are row-major.
public enum BLAS {
    /// `C = alpha * op(A) * op(B) + beta * C` on raw row-major buffers (`cblas_?gemm`).
    ///
    /// `op(A)` is `m x k`, `op(B)` is `k x n`, `C` is `m x n`. When `transposeA` is false, A is
    /// stored `m x k` and `lda >= max(1, k)`; when true, A is stored `k x m` and
    /// `lda >= max(1, m)`; likewise for B. `ldc >= max(1, n)`. Buffer lengths are checked
    /// against the dimensions.
    ///
    /// - Throws: ``AgentEconomiesError`` naming the dimension or buffer that does not fit.
    /// - Complexity: O(m n k).
    public static func gemm<S: BLASScalar>(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
        alpha: S, a: UnsafeBufferPointer<S>, lda: Int,
        b: UnsafeBufferPointer<S>, ldb: Int,
        beta: S, c: UnsafeMutableBufferPointer<S>, ldc: Int
    ) throws {
        try Validate.atLeast(m, 0, "gemm.m")
        try Validate.atLeast(n, 0, "gemm.n")
        try Validate.atLeast(k, 0, "gemm.k")
        let (aRows, aColumns) = transposeA ? (k, m) : (m, k)
        let (bRows, bColumns) = transposeB ? (n, k) : (k, n)
        try checkOperand("gemm.a", "gemm.lda", buffer: a.count, rows: aRows, columns: aColumns, leading: lda)
        try checkOperand("gemm.b", "gemm.ldb", buffer: b.count, rows: bRows, columns: bColumns, leading: ldb)
        try checkOperand("gemm.c", "gemm.ldc", buffer: c.count, rows: m, columns: n, leading: ldc)
        if m == 0 || n == 0 { return }
        if k == 0 {
            // op(A) op(B) is zero: C = beta C, without handing BLAS possibly empty buffers.
            for i in 0..<m {
                for j in 0..<n { c[i * ldc + j] = beta == 0 ? 0 : beta * c[i * ldc + j] }
            }
            return
        }
        S._gemm(
            transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
            try int32(m, "gemm.m"), try int32(n, "gemm.n"), try int32(k, "gemm.k"),
            alpha, a.baseAddress!, try int32(lda, "gemm.lda"), b.baseAddress!, try int32(ldb, "gemm.ldb"),
            beta, c.baseAddress!, try int32(ldc, "gemm.ldc"))
    }

    /// `C = alpha * op(A) * op(B) + beta * C` on matrices; the shapes must agree.
    ///
    /// - Throws: ``AgentEconomiesError/shapeMismatch(field:expected:actual:)`` when the inner
    ///   dimensions or the shape of `c` do not match.
    /// - Complexity: O(m n k).
    public static func gemm<S: BLASScalar>(
        _ a: Matrix<S>, _ b: Matrix<S>, transposeA: Bool = false, transposeB: Bool = false,
        alpha: S = 1, beta: S = 0, into c: inout Matrix<S>
    ) throws {
        let (m, k) = transposeA ? (a.columns, a.rows) : (a.rows, a.columns)
        let (kb, n) = transposeB ? (b.columns, b.rows) : (b.rows, b.columns)
        if k != kb {
            throw AgentEconomiesError.shapeMismatch(field: "gemm.b", expected: "\(k) rows in op(B)", actual: "\(kb)")
        }
        if c.rows != m || c.columns != n {
            throw AgentEconomiesError.shapeMismatch(
                field: "gemm.c", expected: "\(m) x \(n)",
                actual: "\(c.rows) x \(c.columns)")
        }
        try a.withUnsafeBufferPointer { aBuffer in
            try b.withUnsafeBufferPointer { bBuffer in
                try c.withUnsafeMutableBufferPointer { cBuffer in
                    try gemm(
                        transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
                        alpha: alpha, a: aBuffer, lda: max(1, a.columns), b: bBuffer, ldb: max(1, b.columns),
                        beta: beta, c: cBuffer, ldc: max(1, n))
                }
            }
        }
    }

    /// The product `op(A) * op(B)` as a new matrix.
    ///
    /// - Throws: ``AgentEconomiesError/shapeMismatch(field:expected:actual:)`` on mismatched
    ///   inner dimensions.
    /// - Complexity: O(m n k).
    public static func product<S: BLASScalar>(
        _ a: Matrix<S>, _ b: Matrix<S>, transposeA: Bool = false,
        transposeB: Bool = false
    ) throws -> Matrix<S> {
        let m = transposeA ? a.columns : a.rows
        let n = transposeB ? b.rows : b.columns
        var c = try Matrix<S>(rows: m, columns: n)
        try gemm(a, b, transposeA: transposeA, transposeB: transposeB, into: &c)
        return c
    }

    /// `y = alpha * op(A) * x + beta * y` on raw buffers (`cblas_?gemv`).
    ///
    /// A is stored `m x n` with `lda >= max(1, n)`; `op(A)` is A or its transpose. The vector
    /// lengths are checked against `op(A)` with strides `incx`, `incy` (non-zero).
    ///
    /// - Throws: ``AgentEconomiesError`` naming the argument that does not fit.
    /// - Complexity: O(m n).
    public static func gemv<S: BLASScalar>(
        transpose: Bool, m: Int, n: Int, alpha: S, a: UnsafeBufferPointer<S>, lda: Int,
        x: UnsafeBufferPointer<S>, incx: Int = 1, beta: S, y: UnsafeMutableBufferPointer<S>, incy: Int = 1
    ) throws {
        try Validate.atLeast(m, 0, "gemv.m")
        try Validate.atLeast(n, 0, "gemv.n")
        if incx == 0 { throw AgentEconomiesError.outOfRange(field: "gemv.incx", value: "0", requirement: "non-zero") }
        if incy == 0 { throw AgentEconomiesError.outOfRange(field: "gemv.incy", value: "0", requirement: "non-zero") }
        try checkOperand("gemv.a", "gemv.lda", buffer: a.count, rows: m, columns: n, leading: lda)
        let (xLength, yLength) = transpose ? (m, n) : (n, m)
        try checkVector("gemv.x", buffer: x.count, length: xLength, increment: incx)
        try checkVector("gemv.y", buffer: y.count, length: yLength, increment: incy)
        if yLength == 0 { return }
        if xLength == 0 {
            // BLAS leaves y untouched when the product is empty only if beta == 1; be explicit.
            var index = incy > 0 ? 0 : (yLength - 1) * -incy
            for _ in 0..<yLength { y[index] = beta == 0 ? 0 : beta * y[index]; index += incy }
            return
        }
        S._gemv(
            transpose ? CblasTrans : CblasNoTrans, try int32(m, "gemv.m"), try int32(n, "gemv.n"), alpha,
            a.baseAddress!, try int32(lda, "gemv.lda"), x.baseAddress!, try int32(incx, "gemv.incx"),
            beta, y.baseAddress!, try int32(incy, "gemv.incy"))
    }

    /// `op(A) * x` as a new array, where `op(A)` is `a` or its transpose.
    ///
    /// - Throws: ``AgentEconomiesError/shapeMismatch(field:expected:actual:)`` when `x` has
    ///   the wrong length.
    /// - Complexity: O(rows x columns).
    public static func product<S: BLASScalar>(_ a: Matrix<S>, _ x: [S], transpose: Bool = false) throws -> [S] {
        let expected = transpose ? a.rows : a.columns
        try Validate.count(x.count, expected, "gemv.x")
        var y = [S](repeating: 0, count: transpose ? a.columns : a.rows)
        try a.withUnsafeBufferPointer { aBuffer in
            try x.withUnsafeBufferPointer { xBuffer in
                try y.withUnsafeMutableBufferPointer { yBuffer in
                    try gemv(
                        transpose: transpose, m: a.rows, n: a.columns, alpha: 1, a: aBuffer,
                        lda: max(1, a.columns), x: xBuffer, beta: 0, y: yBuffer)
                }
            }
        }
        return y
    }

    /// The processor kernels OpenBLAS chose when it loaded (for example `Haswell`,
    /// `SkylakeX`, `Zen`). `Prescott` on a processor with AVX2 means the OpenBLAS build did
    /// not recognise the processor and fell back to its SSE3 kernels, several times slower
    /// for GEMM: set `OPENBLAS_CORETYPE` (`Haswell`, or `SkylakeX` where AVX-512 is present)
    /// before the process starts (`Benchmarks/README.md`).
    public static var coreName: String {
        guard let name = openblas_get_corename() else { return "unknown" }
        return String(cString: name)
    }

    /// The number of threads OpenBLAS uses for one call.
    public static var threads: Int {
        Int(openblas_get_num_threads())
    }

    /// Sets the number of threads OpenBLAS uses for one call (process-wide, at least 1).
    public static func setThreads(_ count: Int) {
        openblas_set_num_threads(Int32(clamping: max(1, count)))
    }

    /// Runs `body` with OpenBLAS limited to `count` threads and restores the previous
    /// setting afterwards.
    ///
    /// The kernels that split work over their own threads call BLAS from each of them with
    /// one BLAS thread, so the two levels of parallelism never oversubscribe the cores. The
    /// setting is process-wide: do not call BLAS from other threads of your own meanwhile.
    public static func withThreads<R>(_ count: Int, _ body: () throws -> R) rethrows -> R {
        let previous = openblas_get_num_threads()
        openblas_set_num_threads(Int32(clamping: max(1, count)))
        defer { openblas_set_num_threads(previous) }
        return try body()
    }

    static func checkOperand(
        _ field: String, _ leadingField: String, buffer: Int, rows: Int, columns: Int,
        leading: Int
    ) throws {
        if leading < max(1, columns) {
            throw AgentEconomiesError.outOfRange(
                field: leadingField, value: "\(leading)",
                requirement: ">= \(max(1, columns)) (the stored row length)")
        }
        var needed = 0
        if rows > 0 && columns > 0 {
            let (span, overflow) = (rows - 1).multipliedReportingOverflow(by: leading)
            if overflow || span > Int.max - columns {
                throw AgentEconomiesError.outOfRange(
                    field: field, value: "\(rows) x \(leading)",
                    requirement: "addressable (rows x leading dimension overflows Int)")
            }
            needed = span + columns
        }
        if buffer < needed {
            throw AgentEconomiesError.shapeMismatch(
                field: field, expected: "at least \(needed) elements",
                actual: "\(buffer) elements")
        }
    }

    static func checkVector(_ field: String, buffer: Int, length: Int, increment: Int) throws {
        var needed = 0
        if length > 0 {
            let (span, overflow) = (length - 1).multipliedReportingOverflow(
                by: increment == .min ? .max : abs(increment))
            if overflow || span == Int.max {
                throw AgentEconomiesError.outOfRange(
                    field: field, value: "\(length) x \(increment)",
                    requirement: "addressable (length x increment overflows Int)")
            }
            needed = span + 1
        }
        if buffer < needed {
            throw AgentEconomiesError.shapeMismatch(
                field: field, expected: "at least \(needed) elements",
                actual: "\(buffer) elements")
        }
    }

    static func int32(_ value: Int, _ field: String) throws -> Int32 {
        guard let narrow = Int32(exactly: value) else {
            throw AgentEconomiesError.outOfRange(
                field: field, value: "\(value)", requirement: "<= \(Int32.max) (32-bit BLAS)")
        }
        return narrow
    }
}
