import AgentEconomiesCHeader
import Foundation

/// The outcome of one fallible `ae_` call: its status and the message it left in the caller's
/// error buffer (up to the first NUL; `terminated` is false when there was none).
struct Outcome: CustomStringConvertible {
    let status: ae_status
    let message: String
    let terminated: Bool

    var description: String { "status \(status): \(message)" }

    /// Whether the call failed with `status` and a message naming every one of `fields`.
    func `is`(_ expected: ae_status, naming fields: String...) -> Bool {
        status == expected && terminated && fields.allSatisfy { message.contains($0) }
    }
}

/// Runs one fallible call with a fresh error buffer of `size` bytes (filled with 0x7f, so an
/// unterminated message shows) and returns its status and message.
func capture(size: Int = 256, _ body: (UnsafeMutablePointer<CChar>, Int) -> ae_status) -> Outcome {
    var buffer = [CChar](repeating: 0x7f, count: max(size, 1))
    let status = buffer.withUnsafeMutableBufferPointer { body($0.baseAddress!, size) }
    guard let end = buffer.prefix(size).firstIndex(of: 0) else {
        return Outcome(status: status, message: "", terminated: size == 0)
    }
    let bytes = buffer[..<end].map { UInt8(bitPattern: $0) }
    return Outcome(status: status, message: String(decoding: bytes, as: UTF8.self), terminated: true)
}

/// The NUL-terminated text at the start of `buffer`.
func text(_ buffer: [CChar]) -> String {
    let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
    return String(decoding: bytes, as: UTF8.self)
}

/// Calls `body` with a C array of C strings (`const char *const *`) holding `strings`, or
/// NULL when `strings` is nil.
func withCStrings<Result>(
    _ strings: [String]?, _ body: (UnsafePointer<UnsafePointer<CChar>?>?) -> Result
) -> Result {
    guard let strings else { return body(nil) }
    let copies = strings.map { strdup($0)! }
    defer { for copy in copies { free(copy) } }
    let pointers = copies.map { UnsafePointer<CChar>?(UnsafePointer($0)) }
    return pointers.withUnsafeBufferPointer { body($0.baseAddress) }
}

/// A handle value that was never returned by a create call (the ABI looks it up, never
/// dereferences it).
var neverCreated: OpaquePointer { OpaquePointer(bitPattern: 0x0bad_f00d)! }

/// Shared inputs.
enum Fixture {
    /// Three agents' interaction patterns as CSR: rows 0 and 1 share a pattern (combined
    /// similarity 0.78), row 2 does not.
    static let indptr: [Int64] = [0, 2, 4, 6]
    static let indices: [Int32] = [0, 1, 0, 1, 2, 3]
    static let counts: [Double] = [10, 5, 10, 5, 8, 3]

    /// Two agents, three resources: the reference's quick start.
    static let valuations: [Double] = [2.0, 1.0, 0.5, 0.5, 2.0, 1.5]
    static let budgets: [Double] = [100, 100]
    static let supplies: [Double] = [10, 20, 15]

    /// Interactions for the permeability, payoff and mission calls.
    static let p: [Double] = [0.1, 0.9, 0.4, 0.2, 0.95, 0.3]
    static let accepted: [UInt8] = [1, 1, 0, 1, 1, 1]

    /// A small simulation scenario (runs in milliseconds).
    static let scenario = """
        name: cabi-test
        agents: 120
        epochs: 3
        seed: 9
        auction: {resources: 4}
        population: {sybil_entities: 2, sybil_ring_size: 3}
        """

    /// A fresh directory name under the temporary directory (not created).
    static func temporaryPath(_ stem: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("\(stem)-\(UUID().uuidString)").path
    }
}

/// Caller-owned buffers for one test, freed with it: pointers that can be passed or
/// replaced by NULL argument by argument.
final class Scratch {
    private var blocks: [UnsafeMutableRawPointer] = []

    deinit { for block in blocks { block.deallocate() } }

    /// `count` elements, each `fill`.
    func buffer<T>(_ count: Int, _ fill: T) -> UnsafeMutablePointer<T> {
        let pointer = UnsafeMutablePointer<T>.allocate(capacity: max(count, 1))
        pointer.initialize(repeating: fill, count: max(count, 1))
        blocks.append(UnsafeMutableRawPointer(pointer))
        return pointer
    }

    /// A copy of `values`.
    func array<T>(_ values: [T]) -> UnsafeMutablePointer<T> {
        let pointer = UnsafeMutablePointer<T>.allocate(capacity: max(values.count, 1))
        pointer.initialize(from: values, count: values.count)
        blocks.append(UnsafeMutableRawPointer(pointer))
        return pointer
    }

    /// One value.
    func value<T>(_ value: T) -> UnsafeMutablePointer<T> { array([value]) }
}
