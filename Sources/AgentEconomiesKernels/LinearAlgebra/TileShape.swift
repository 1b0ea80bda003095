/// The shape of the tiles of a tiled product: `rows x columns` entries per tile, so the
/// scratch memory is `threads x rows x columns` scalars.
public struct TileShape: Equatable, Sendable {
    /// Product rows (rows of A) per tile (>= 1).
    public var rows: Int
    /// Product columns (rows of B) per tile (>= 1).
    public var columns: Int

    /// A tile shape; the default (256 x 1024 doubles, 2 MiB) keeps a tile in a core's L2/L3
    /// share while each GEMM is large enough to run near peak.
    public init(rows: Int = 256, columns: Int = 1024) {
        self.rows = rows
        self.columns = columns
    }

    /// Throws ``AgentEconomiesError/outOfRange(field:value:requirement:)`` for a side below 1.
    public func validate() throws {
        try Validate.atLeast(rows, 1, "TileShape.rows")
        try Validate.atLeast(columns, 1, "TileShape.columns")
    }
}
