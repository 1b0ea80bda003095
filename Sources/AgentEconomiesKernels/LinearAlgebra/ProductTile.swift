/// One tile of a product `A * B^T`, handed to a reducer and dropped afterwards.
///
/// The tile covers rows `rowStart..<rowStart + rowCount` of A (rows of the product) and
/// rows `columnStart..<columnStart + columnCount` of B (columns of the product). Its values
/// are valid only during the reducer call.
public struct ProductTile<Scalar: BLASScalar> {
    /// First product row (row of A) in the tile.
    public let rowStart: Int
    /// Number of product rows in the tile.
    public let rowCount: Int
    /// First product column (row of B) in the tile.
    public let columnStart: Int
    /// Number of product columns in the tile.
    public let columnCount: Int
    /// The tile's values, row-major, `rowCount x columnCount`. The buffer is scratch owned
    /// by the tiling loop: a reducer may overwrite entries (say, to mask the diagonal).
    public let values: UnsafeMutableBufferPointer<Scalar>

    /// The product entry at global position (`row`, `column`), which must lie in the tile.
    @inlinable
    public subscript(row: Int, column: Int) -> Scalar {
        values[(row - rowStart) * columnCount + (column - columnStart)]
    }
}
