import CBLAS

/// A floating-point type that BLAS has routines for: `Double` (the d-routines) and
/// `Float` (the s-routines).
///
/// The requirements are the raw CBLAS entry points in row-major order, without checks;
/// use the checked wrappers in ``BLAS`` instead of calling them directly.
public protocol BLASScalar: BinaryFloatingPoint, Sendable {
    /// `cblas_?gemm` in row-major order.
    static func _gemm(
        _ transA: CBLAS_TRANSPOSE, _ transB: CBLAS_TRANSPOSE, _ m: Int32, _ n: Int32, _ k: Int32,
        _ alpha: Self, _ a: UnsafePointer<Self>, _ lda: Int32,
        _ b: UnsafePointer<Self>, _ ldb: Int32,
        _ beta: Self, _ c: UnsafeMutablePointer<Self>, _ ldc: Int32)
    /// `cblas_?gemv` in row-major order.
    static func _gemv(
        _ trans: CBLAS_TRANSPOSE, _ m: Int32, _ n: Int32, _ alpha: Self,
        _ a: UnsafePointer<Self>, _ lda: Int32, _ x: UnsafePointer<Self>, _ incx: Int32,
        _ beta: Self, _ y: UnsafeMutablePointer<Self>, _ incy: Int32)
}

extension Double: BLASScalar {
    /// Calls `cblas_dgemm`.
    ///
    /// - Complexity: O(m n k), on OpenBLAS's threads.
    @inlinable
    public static func _gemm(
        _ transA: CBLAS_TRANSPOSE, _ transB: CBLAS_TRANSPOSE, _ m: Int32, _ n: Int32, _ k: Int32,
        _ alpha: Double, _ a: UnsafePointer<Double>, _ lda: Int32,
        _ b: UnsafePointer<Double>, _ ldb: Int32,
        _ beta: Double, _ c: UnsafeMutablePointer<Double>, _ ldc: Int32
    ) {
        cblas_dgemm(CblasRowMajor, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
    }

    /// Calls `cblas_dgemv`.
    ///
    /// - Complexity: O(m n), on OpenBLAS's threads.
    @inlinable
    public static func _gemv(
        _ trans: CBLAS_TRANSPOSE, _ m: Int32, _ n: Int32, _ alpha: Double,
        _ a: UnsafePointer<Double>, _ lda: Int32, _ x: UnsafePointer<Double>, _ incx: Int32,
        _ beta: Double, _ y: UnsafeMutablePointer<Double>, _ incy: Int32
    ) {
        cblas_dgemv(CblasRowMajor, trans, m, n, alpha, a, lda, x, incx, beta, y, incy)
    }
}

extension Float: BLASScalar {
    /// Calls `cblas_sgemm`.
    ///
    /// - Complexity: O(m n k), on OpenBLAS's threads.
    @inlinable
    public static func _gemm(
        _ transA: CBLAS_TRANSPOSE, _ transB: CBLAS_TRANSPOSE, _ m: Int32, _ n: Int32, _ k: Int32,
        _ alpha: Float, _ a: UnsafePointer<Float>, _ lda: Int32,
        _ b: UnsafePointer<Float>, _ ldb: Int32,
        _ beta: Float, _ c: UnsafeMutablePointer<Float>, _ ldc: Int32
    ) {
        cblas_sgemm(CblasRowMajor, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
    }

    /// Calls `cblas_sgemv`.
    ///
    /// - Complexity: O(m n), on OpenBLAS's threads.
    @inlinable
    public static func _gemv(
        _ trans: CBLAS_TRANSPOSE, _ m: Int32, _ n: Int32, _ alpha: Float,
        _ a: UnsafePointer<Float>, _ lda: Int32, _ x: UnsafePointer<Float>, _ incx: Int32,
        _ beta: Float, _ y: UnsafeMutablePointer<Float>, _ incy: Int32
    ) {
        cblas_sgemv(CblasRowMajor, trans, m, n, alpha, a, lda, x, incx, beta, y, incy)
    }
}
