import AgentEconomiesCHeader
import AgentEconomiesKernels

/// A failed call across the C ABI: the status returned to C and the message written into the
/// caller's buffer.
struct CallError: Error {
    let status: ae_status
    let message: String

    /// A required pointer argument is NULL.
    static func null(_ field: String) -> CallError {
        CallError(status: AE_ERROR_NULL_POINTER, message: "\(field) must not be NULL")
    }

    /// A size is negative or does not fit.
    static func size(_ field: String, _ value: Int64, _ requirement: String) -> CallError {
        CallError(status: AE_ERROR_INVALID_SIZE, message: "\(field) must be \(requirement), got \(value)")
    }

    /// An enum value is not one of the documented ones.
    static func option(_ field: String, _ value: Int32, _ known: String) -> CallError {
        CallError(status: AE_ERROR_UNKNOWN_OPTION, message: "\(field) must be one of \(known), got \(value)")
    }

    /// The library's own error, mapped to a status.
    init(_ error: AgentEconomiesError) {
        switch error {
        case .notFinite: status = AE_ERROR_NOT_FINITE
        case .outOfRange: status = AE_ERROR_OUT_OF_RANGE
        case .duplicateID: status = AE_ERROR_DUPLICATE_ID
        case .shapeMismatch: status = AE_ERROR_INVALID_SIZE
        case .unknownID: status = AE_ERROR_UNKNOWN_ID
        }
        message = error.description
    }

    init(status: ae_status, message: String) {
        self.status = status
        self.message = message
    }
}

/// Runs the body of an exported function: `AE_OK` when it returns, else the error's status,
/// with its message written NUL-terminated (and truncated) into `error[0..<size]`.
func call(_ buffer: UnsafeMutablePointer<CChar>?, _ size: Int, _ body: () throws -> Void) -> ae_status {
    do {
        try body()
        if let buffer, size > 0 { buffer[0] = 0 }
        return AE_OK
    } catch let failure as CallError {
        write(failure.message, to: buffer, size: size)
        return failure.status
    } catch let failure as AgentEconomiesError {
        let mapped = CallError(failure)
        write(mapped.message, to: buffer, size: size)
        return mapped.status
    } catch {
        write("internal error: \(error)", to: buffer, size: size)
        return AE_ERROR_INTERNAL
    }
}

/// Copies `message` into a caller's buffer of `size` bytes, NUL-terminated.
func write(_ message: String, to buffer: UnsafeMutablePointer<CChar>?, size: Int) {
    guard let buffer, size > 0 else { return }
    let bytes = Array(message.utf8.prefix(size - 1))
    for (index, byte) in bytes.enumerated() { buffer[index] = CChar(bitPattern: byte) }
    buffer[bytes.count] = 0
}

/// Checked views of caller-owned buffers.
enum Buffer {
    /// The largest size a call accepts: no buffer holds 2^59 elements, and below it a size
    /// plus one or times eight does not overflow.
    static let maximumCount = Int64(1) << 59

    /// A size in `0...maximumCount` as `Int`.
    static func count(_ value: Int64, _ field: String) throws -> Int {
        guard value >= 0, value <= maximumCount, let count = Int(exactly: value) else {
            throw CallError.size(field, value, "in 0...\(maximumCount)")
        }
        return count
    }

    /// The product of two sizes, checked for overflow.
    static func product(_ a: Int, _ b: Int, _ field: String) throws -> Int {
        let (product, overflow) = a.multipliedReportingOverflow(by: b)
        if overflow { throw CallError(status: AE_ERROR_INVALID_SIZE, message: "\(field): \(a) x \(b) overflows") }
        return product
    }

    /// `count` elements read from `pointer` (which may be NULL only when `count` is 0).
    static func read<T>(_ pointer: UnsafePointer<T>?, _ count: Int, _ field: String) throws -> [T] {
        if count == 0 { return [] }
        guard let pointer else { throw CallError.null(field) }
        return Array(UnsafeBufferPointer(start: pointer, count: count))
    }

    /// A read-only view of `count` elements at `pointer` (NULL only when `count` is 0), no copy.
    static func input<T>(_ pointer: UnsafePointer<T>?, _ count: Int, _ field: String) throws -> UnsafeBufferPointer<T> {
        if count == 0 { return UnsafeBufferPointer(start: nil, count: 0) }
        guard let pointer else { throw CallError.null(field) }
        return UnsafeBufferPointer(start: pointer, count: count)
    }

    /// A writable buffer of `count` elements at `pointer` (NULL only when `count` is 0).
    static func output<T>(
        _ pointer: UnsafeMutablePointer<T>?, _ count: Int, _ field: String
    ) throws
        -> UnsafeMutableBufferPointer<T>
    {
        if count == 0 { return UnsafeMutableBufferPointer(start: nil, count: 0) }
        guard let pointer else { throw CallError.null(field) }
        return UnsafeMutableBufferPointer(start: pointer, count: count)
    }

    /// A required pointer to one value.
    static func required<T>(_ pointer: UnsafeMutablePointer<T>?, _ field: String) throws -> UnsafeMutablePointer<T> {
        guard let pointer else { throw CallError.null(field) }
        return pointer
    }
}

/// Throws unless an options struct's `struct_size` is the size this library was built with.
func checkStructSize(_ size: Int, _ expected: Int, _ field: String) throws {
    if size != expected {
        throw CallError(
            status: AE_ERROR_INVALID_SIZE,
            message: "\(field).struct_size must be \(expected) (set by its _default() function), got \(size)")
    }
}

/// Runs `body`, naming the C arguments in the kernels' errors: a field that starts with a
/// key of `names` (a kernel's own name, `"SparseRows.columns"`) gets that prefix replaced by
/// the value (the argument the caller passed, `"indices"`), so the message names it.
func renamingFields<Result>(_ names: KeyValuePairs<String, String>, _ body: () throws -> Result) throws -> Result {
    do { return try body() } catch let error as AgentEconomiesError {
        guard let (kernelName, argument) = names.first(where: { error.field.hasPrefix($0.key) }) else { throw error }
        let mapped = CallError(error)
        throw CallError(status: mapped.status, message: argument + mapped.message.dropFirst(kernelName.count))
    }
}
