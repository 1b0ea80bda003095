import AgentEconomiesCABI
import AgentEconomiesCHeader

/// The documented status codes.
private let statuses: Set<ae_status> = [
    AE_OK, AE_ERROR_NULL_POINTER, AE_ERROR_INVALID_SIZE, AE_ERROR_NOT_FINITE, AE_ERROR_OUT_OF_RANGE,
    AE_ERROR_UNKNOWN_OPTION, AE_ERROR_CAPACITY, AE_ERROR_DUPLICATE_ID, AE_ERROR_UNKNOWN_ID, AE_ERROR_SCENARIO,
    AE_ERROR_IO, AE_ERROR_OUT_OF_MEMORY, AE_ERROR_INTERNAL,
]

/// Buffers allocated at exactly their declared sizes, freed with the session.
final class Arena {
    private var allocations: [UnsafeMutableRawPointer] = []

    deinit { for pointer in allocations { pointer.deallocate() } }

    /// A buffer holding `values`.
    func array<T>(_ values: [T]) -> UnsafeMutablePointer<T> {
        let pointer = UnsafeMutablePointer<T>.allocate(capacity: values.count)
        pointer.initialize(from: values, count: values.count)
        allocations.append(UnsafeMutableRawPointer(pointer))
        return pointer
    }

    /// An output buffer of `count` entries, each `fill`.
    func output<T>(_ count: Int, _ fill: T) -> UnsafeMutablePointer<T> { array(Array(repeating: fill, count: count)) }
}

/// CSR rows drawn by the fuzzer (sometimes malformed in ways the ABI must refuse, always
/// with `indices` and `values` holding `indptr[rows]` entries).
struct FuzzCSR {
    var rows: Int, columns: Int
    var indptr: [Int64], indices: [Int32], values: [Double]

    init(_ input: inout FuzzInput, maxRows: Int, maxColumns: Int, maxPerRow: Int) {
        rows = input.int(0...maxRows)
        columns = input.int(0...maxColumns)
        indptr = [0]
        indices = []
        values = []
        for _ in 0..<rows {
            var row = Set<Int32>()
            for _ in 0..<input.int(0...maxPerRow) where columns > 0 { row.insert(Int32(input.int(0...(columns - 1)))) }
            for key in row.sorted() {
                indices.append(key)
                values.append(Double(input.int(1...4)))
            }
            indptr.append(Int64(indices.count))
        }
        switch input.byte() {
        case 0..<6 where !indices.isEmpty: indices[input.int(0...(indices.count - 1))] = Int32(input.int(-2...(columns + 2)))
        case 6..<10 where !values.isEmpty: values[input.int(0...(values.count - 1))] = input.double()
        case 10..<13 where rows > 1: indptr[input.int(1...(rows - 1))] = Int64(input.int(-3...(indices.count + 3)))
        case 13..<16 where !indices.isEmpty: indices[input.int(0...(indices.count - 1))] = indices[0]  // duplicates
        default: break
        }
    }
}

/// A fuzzing session over the C ABI: an arena, the live handles of each kind, checks.
final class CABISession {
    let arena = Arena()
    var hfns: [OpaquePointer] = [], detectors: [OpaquePointer] = [], models: [OpaquePointer] = []
    var levers: [OpaquePointer] = [], registries: [OpaquePointer] = [], economies: [OpaquePointer] = []
    var destroyed: [OpaquePointer] = []
    /// Calls made, and the input's choice of where the cycle of error buffer sizes starts.
    var calls = 0
    let errorSizeSeed: Int

    init(errorSizeSeed: Int) { self.errorSizeSeed = errorSizeSeed }

    /// A new handle: its address is no longer a destroyed one (malloc reuses addresses).
    func adopt(_ handle: OpaquePointer?) -> OpaquePointer {
        destroyed.removeAll { $0 == handle }
        return handle!
    }

    /// Runs one call with an error buffer of a fuzzer-chosen size and checks the status and
    /// the message (NUL-terminated within the size, non-empty on failure, nothing written past).
    @discardableResult
    func call(_ name: String, _ body: (UnsafeMutablePointer<CChar>?, Int) -> ae_status) -> ae_status {
        calls += 1
        let size = [0, 1, 2, 7, 64, 512, 0][(calls + errorSizeSeed) % 7]
        let guardBytes = 8
        let buffer: UnsafeMutablePointer<CChar>? =
            size == 0 && calls % 2 == 0 ? nil : arena.output(size + guardBytes, CChar(0x55))
        let status = body(buffer, size)
        require(statuses.contains(status), "\(name): undocumented status \(status)")
        if let buffer {
            for offset in size..<(size + guardBytes) {
                require(buffer[offset] == 0x55, "\(name): wrote past error_size \(size) at \(offset)")
            }
            if status != AE_OK && size > 0 {
                let length = (0..<size).first { buffer[$0] == 0 }
                require(length != nil, "\(name): message not NUL-terminated within \(size) bytes")
                require(size == 1 || length! > 0, "\(name): empty message for status \(status)")
            }
        }
        return status
    }

    /// A pointer to `values`, or NULL now and then (`nulled` records it).
    func maybeNull<T>(_ values: [T], _ input: inout FuzzInput, _ nulled: inout Bool) -> UnsafeMutablePointer<T>? {
        if input.byte() < 4 {
            nulled = true
            return nil
        }
        return arena.array(values)
    }

    func doubles(_ count: Int, _ input: inout FuzzInput, special: Bool) -> [Double] {
        (0..<count).map { _ in special && input.byte() < 16 ? input.double() : input.amount() }
    }
}
