import AgentEconomiesKernels
import Testing
import Workloads

/// `Matrix`: validating initializers, row-major subscripting, rows and the transpose.
@Suite("Matrix")
struct MatrixTests {
    @Test("init(rows:columns:repeating:) fills every element")
    func repeating() throws {
        let m = try Matrix<Double>(rows: 2, columns: 3, repeating: 1.5)
        #expect(m.rows == 2 && m.columns == 3)
        #expect(m.storage == [Double](repeating: 1.5, count: 6))
        let zero = try Matrix<Float>(rows: 0, columns: 4)
        #expect(zero.rows == 0 && zero.columns == 4 && zero.storage.isEmpty)
    }

    @Test("negative dimensions throw outOfRange naming the dimension")
    func negativeDimensions() {
        let rows = #expect(throws: AgentEconomiesError.self) { try Matrix<Double>(rows: -1, columns: 2) }
        #expect(rows?.kind == "outOfRange")
        #expect(rows?.field == "Matrix.rows")
        let columns = #expect(throws: AgentEconomiesError.self) {
            try Matrix<Double>(rows: 2, columns: -3, storage: [])
        }
        #expect(columns?.kind == "outOfRange")
        #expect(columns?.field == "Matrix.columns")
    }

    @Test("an element count that overflows Int throws")
    func overflow() {
        let error = #expect(throws: AgentEconomiesError.self) {
            try Matrix<Double>(rows: Int.max / 2, columns: 3)
        }
        #expect(error?.kind == "outOfRange")
        // Wrapping products must not pass the storage check either: 2^32 * 2^32 wraps to 0.
        let wrapped = #expect(throws: AgentEconomiesError.self) {
            try Matrix<Double>(rows: 1 << 32, columns: 1 << 32, storage: [])
        }
        #expect(wrapped?.kind == "shapeMismatch")
    }

    @Test("storage of the wrong length throws shapeMismatch")
    func storageMismatch() throws {
        let error = #expect(throws: AgentEconomiesError.self) {
            try Matrix<Double>(rows: 2, columns: 3, storage: [1, 2, 3, 4, 5])
        }
        #expect(error?.kind == "shapeMismatch")
        #expect(error?.field == "Matrix.storage")
        let m = try Matrix<Double>(rows: 2, columns: 3, storage: [1, 2, 3, 4, 5, 6])
        #expect(m[1, 0] == 4)
    }

    @Test("init from row arrays is row-major; ragged rows throw naming the row")
    func rowArrays() throws {
        let m = try Matrix<Double>([[1, 2, 3], [4, 5, 6]])
        #expect(m.rows == 2 && m.columns == 3)
        #expect(m.storage == [1, 2, 3, 4, 5, 6])
        let error = #expect(throws: AgentEconomiesError.self) { try Matrix<Double>([[1, 2], [3, 4], [5]]) }
        #expect(error?.kind == "shapeMismatch")
        #expect(error?.field == "Matrix row 2")
        let empty = try Matrix<Double>([])
        #expect(empty.rows == 0 && empty.columns == 0)
        let emptyRows = try Matrix<Double>([[], []])
        #expect(emptyRows.rows == 2 && emptyRows.columns == 0)
    }

    @Test("subscript reads and writes element (i, j) at i * columns + j")
    func subscripting() throws {
        var m = try Matrix<Float>(rows: 3, columns: 4)
        for i in 0..<3 { for j in 0..<4 { m[i, j] = Float(10 * i + j) } }
        #expect(m.storage == [0, 1, 2, 3, 10, 11, 12, 13, 20, 21, 22, 23])
        #expect(m[2, 1] == 21)
        #expect(Array(m.row(1)) == [10, 11, 12, 13])
        m.withUnsafeMutableBufferPointer { $0[5] = -1 }
        #expect(m[1, 1] == -1)
    }

    @Test("transposed swaps the shape and the indices", arguments: [(0, 0), (0, 3), (3, 0), (1, 1), (2, 5), (7, 3)])
    func transposed(_ rows: Int, _ columns: Int) throws {
        let m = Matrices.uniform(rows, columns, seed: UInt64(rows * 10 + columns), as: Double.self)
        let t = m.transposed()
        #expect(t.rows == columns && t.columns == rows)
        #expect(t.storage.count == rows * columns)
        for i in 0..<rows { for j in 0..<columns { #expect(t[j, i] == m[i, j]) } }
        #expect(t.transposed() == m)
    }

    @Test("equality compares shape and values")
    func equality() throws {
        let a = try Matrix<Double>(rows: 2, columns: 3, repeating: 0)
        let b = try Matrix<Double>(rows: 3, columns: 2, repeating: 0)
        #expect(a != b)
        var c = a
        #expect(a == c)
        c[0, 0] = 1
        #expect(a != c)
    }
}
