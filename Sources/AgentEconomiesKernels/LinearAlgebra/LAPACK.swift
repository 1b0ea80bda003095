import CBLAS

/// Checked wrappers over the LAPACKE routines the kernels use.
public enum LAPACK {
    /// Solves `A x = b` for a symmetric positive definite `n x n` matrix `A` (row-major) by
    /// Cholesky factorisation (`LAPACKE_dposv`), falling back to LU with partial pivoting
    /// (`LAPACKE_dgesv`) when `A` is not numerically positive definite.
    ///
    /// - Returns: `x`, or `nil` when `A` is singular.
    /// - Throws: ``AgentEconomiesError/shapeMismatch(field:expected:actual:)`` when the sizes
    ///   do not agree.
    /// - Complexity: O(n^3).
    public static func solveSymmetric(_ a: [Double], _ b: [Double], n: Int) throws -> [Double]? {
        try Validate.count(a.count, n * n, "solveSymmetric.a")
        try Validate.count(b.count, n, "solveSymmetric.b")
        if n == 0 { return [] }
        let order = try BLAS.int32(n, "solveSymmetric.n")
        var factor = a
        var x = b
        let info = factor.withUnsafeMutableBufferPointer { f in
            x.withUnsafeMutableBufferPointer { v in
                LAPACKE_dposv(
                    LAPACK_ROW_MAJOR, Int8(UInt8(ascii: "U")), order, 1, f.baseAddress, order,
                    v.baseAddress, 1)
            }
        }
        if info == 0 { return x }
        factor = a
        x = b
        var pivots = [Int32](repeating: 0, count: n)
        let luInfo = factor.withUnsafeMutableBufferPointer { f in
            x.withUnsafeMutableBufferPointer { v in
                pivots.withUnsafeMutableBufferPointer { p in
                    LAPACKE_dgesv(LAPACK_ROW_MAJOR, order, 1, f.baseAddress, order, p.baseAddress, v.baseAddress, 1)
                }
            }
        }
        return luInfo == 0 ? x : nil
    }
}

extension LAPACK {
    /// ``solveSymmetric(_:_:n:)`` for sizes known to be consistent.
    static func solveSymmetricOrNil(_ a: [Double], _ b: [Double], n: Int) -> [Double]? {
        (try? solveSymmetric(a, b, n: n)) ?? nil
    }
}
