import AgentEconomiesKernels

/// Seeded dense matrices for the linear-algebra tests and the benchmarks' peak measurement.
package enum Matrices {
    /// A `rows x columns` matrix with entries uniform in [`lower`, `upper`), drawn in
    /// row-major order from a ``FastRandom`` seeded with `seed` (in `Double`, then converted
    /// to `S`).
    ///
    /// - Precondition: `rows >= 0` and `columns >= 0`.
    /// - Complexity: O(rows x columns).
    package static func uniform<S: BLASScalar>(
        _ rows: Int, _ columns: Int, seed: UInt64, lower: Double = -1, upper: Double = 1,
        as _: S.Type = S.self
    ) -> Matrix<S> {
        var generator = FastRandom(seed: seed)
        let storage = (0..<(rows * columns)).map { _ in S(generator.uniform(lower, upper)) }
        return try! Matrix(rows: rows, columns: columns, storage: storage)
    }
}
