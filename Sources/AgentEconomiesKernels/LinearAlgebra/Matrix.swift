/// A dense row-major matrix of `Double` or `Float`, stored contiguously.
///
/// Element `(i, j)` lives at `storage[i * columns + j]`, which is the layout the BLAS
/// wrappers in ``BLAS`` pass to CBLAS with `CblasRowMajor` and a leading dimension equal
/// to `columns`. The invariant `storage.count == rows * columns` holds for every value.
public struct Matrix<Scalar: BLASScalar>: Equatable, Sendable {
    /// Number of rows.
    public let rows: Int
    /// Number of columns.
    public let columns: Int
    @usableFromInline var _storage: [Scalar]
    /// The elements in row-major order (read-only; mutate through the subscript or
    /// ``withUnsafeMutableBufferPointer(_:)``).
    public var storage: [Scalar] { _storage }

    /// A `rows x columns` matrix with every element equal to `value`.
    ///
    /// - Throws: ``AgentEconomiesError/outOfRange(field:value:requirement:)`` for a negative
    ///   dimension.
    /// - Complexity: O(rows x columns).
    public init(rows: Int, columns: Int, repeating value: Scalar = 0) throws {
        try Validate.atLeast(rows, 0, "Matrix.rows")
        try Validate.atLeast(columns, 0, "Matrix.columns")
        let (count, overflow) = rows.multipliedReportingOverflow(by: columns)
        if overflow {
            throw AgentEconomiesError.outOfRange(
                field: "Matrix.rows x columns", value: "\(rows) x \(columns)",
                requirement: "representable as Int")
        }
        self.rows = rows
        self.columns = columns
        self._storage = [Scalar](repeating: value, count: count)
    }

    /// A `rows x columns` matrix over `storage`, given in row-major order.
    ///
    /// - Throws: ``AgentEconomiesError/shapeMismatch(field:expected:actual:)`` when
    ///   `storage.count != rows * columns`.
    /// - Complexity: O(1): the array is shared, not copied.
    public init(rows: Int, columns: Int, storage: [Scalar]) throws {
        try Validate.atLeast(rows, 0, "Matrix.rows")
        try Validate.atLeast(columns, 0, "Matrix.columns")
        if storage.count != rows &* columns || (rows > 0 && storage.count / rows != columns) {
            throw AgentEconomiesError.shapeMismatch(
                field: "Matrix.storage", expected: "\(rows) x \(columns) elements",
                actual: "\(storage.count) elements")
        }
        self.rows = rows
        self.columns = columns
        self._storage = storage
    }

    /// A matrix from an array of equally long rows.
    ///
    /// - Throws: ``AgentEconomiesError/shapeMismatch(field:expected:actual:)`` naming the first
    ///   row whose length differs from the first row's.
    /// - Complexity: O(rows x columns).
    public init(_ rowArrays: [[Scalar]]) throws {
        let columns = rowArrays.first?.count ?? 0
        var storage = [Scalar]()
        storage.reserveCapacity(rowArrays.count * columns)
        for (index, row) in rowArrays.enumerated() {
            if row.count != columns {
                throw AgentEconomiesError.shapeMismatch(
                    field: "Matrix row \(index)", expected: "\(columns) columns",
                    actual: "\(row.count) columns")
            }
            storage.append(contentsOf: row)
        }
        try self.init(rows: rowArrays.count, columns: columns, storage: storage)
    }

    /// The element at `(row, column)`. Traps on an index out of bounds, as `Array` does.
    @inlinable
    public subscript(row: Int, column: Int) -> Scalar {
        get {
            precondition(row >= 0 && row < rows && column >= 0 && column < columns, "Matrix index out of range")
            return storage[row * columns + column]
        }
        set {
            precondition(row >= 0 && row < rows && column >= 0 && column < columns, "Matrix index out of range")
            _storage[row * columns + column] = newValue
        }
    }

    /// Row `index` as a slice of the storage.
    ///
    /// - Complexity: O(1): the slice shares the storage.
    @inlinable
    public func row(_ index: Int) -> ArraySlice<Scalar> {
        storage[(index * columns)..<((index + 1) * columns)]
    }

    /// The transpose, as a new row-major matrix.
    ///
    /// - Complexity: O(rows x columns).
    public func transposed() -> Matrix {
        var result = storage
        if rows > 0 && columns > 0 {
            storage.withUnsafeBufferPointer { source in
                result.withUnsafeMutableBufferPointer { target in
                    for i in 0..<rows {
                        for j in 0..<columns { target[j * rows + i] = source[i * columns + j] }
                    }
                }
            }
        }
        // Shape is valid by construction.
        return Matrix(uncheckedRows: columns, columns: rows, storage: result)
    }

    /// Calls `body` with a pointer to the row-major elements.
    @inlinable
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Scalar>) throws -> R) rethrows -> R {
        try storage.withUnsafeBufferPointer(body)
    }

    /// Calls `body` with a mutable pointer to the row-major elements.
    ///
    /// - Complexity: `body`'s cost, plus an O(rows x columns) copy first when the storage is shared
    ///   with another matrix (copy-on-write).
    @inlinable
    public mutating func withUnsafeMutableBufferPointer<R>(
        _ body: (inout UnsafeMutableBufferPointer<Scalar>) throws -> R
    ) rethrows -> R {
        try _storage.withUnsafeMutableBufferPointer(body)
    }

    /// Internal initializer for shapes already known to be consistent.
    @usableFromInline
    init(uncheckedRows rows: Int, columns: Int, storage: [Scalar]) {
        self.rows = rows
        self.columns = columns
        self._storage = storage
    }
}
