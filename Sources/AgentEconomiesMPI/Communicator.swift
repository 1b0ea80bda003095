import CMPI

/// An MPI call that failed: the function and MPI's description of the error code.
public struct MPIError: Error, CustomStringConvertible, Sendable {
    /// The MPI function (or the library's check) that failed.
    public var function: String
    /// MPI's error code (0 for the library's own checks).
    public var code: Int32
    /// What went wrong.
    public var message: String

    /// An error of `function` with MPI's `code` (0 for the library's own checks).
    public init(function: String, code: Int32, message: String) {
        self.function = function
        self.code = code
        self.message = message
    }

    public var description: String { "\(function) failed (\(code)): \(message)" }
}

/// The processes of an MPI job (`MPI_COMM_WORLD`) and the collective operations the
/// distributed kernels use. Every collective must be called by every rank, in the same order.
///
/// MPI is initialised with `MPI_THREAD_FUNNELED`: the kernels use their own worker threads
/// between collectives, but only the thread that called ``world()`` talks to MPI. Errors are
/// returned, not fatal (`MPI_ERRORS_RETURN`), and thrown as ``MPIError``.
public struct Communicator: @unchecked Sendable {
    /// This process's rank, `0..<size`.
    public let rank: Int
    /// The number of processes.
    public let size: Int
    private let communicator: MPI_Comm?

    /// The world communicator, initialising MPI on the first call (later calls return the
    /// same ranks). Call ``finalize()`` once before the process exits.
    public static func world() throws -> Communicator {
        var initialized: Int32 = 0
        try check(MPI_Initialized(&initialized), "MPI_Initialized")
        if initialized == 0 {
            var provided: Int32 = 0
            try check(MPI_Init_thread(nil, nil, ae_mpi_thread_funneled(), &provided), "MPI_Init_thread")
            if provided < ae_mpi_thread_funneled() {
                throw MPIError(
                    function: "MPI_Init_thread", code: 0,
                    message: "MPI_THREAD_FUNNELED is needed, the library provides level \(provided)")
            }
        }
        let world = ae_mpi_comm_world()
        try check(MPI_Comm_set_errhandler(world, ae_mpi_errors_return()), "MPI_Comm_set_errhandler")
        var rank: Int32 = 0, size: Int32 = 0
        try check(MPI_Comm_rank(world, &rank), "MPI_Comm_rank")
        try check(MPI_Comm_size(world, &size), "MPI_Comm_size")
        return Communicator(rank: Int(rank), size: Int(size), communicator: world)
    }

    /// Ends MPI for this process (collective; no communicator may be used afterwards).
    public static func finalize() {
        var finalized: Int32 = 0
        MPI_Finalized(&finalized)
        if finalized == 0 { MPI_Finalize() }
    }

    /// Seconds since an arbitrary point (`MPI_Wtime`).
    public static func time() -> Double { MPI_Wtime() }

    /// Waits until every rank has called it.
    public func barrier() throws { try Self.check(MPI_Barrier(communicator), "MPI_Barrier") }

    /// Every rank's `values`, in rank order (`MPI_Allgather` of the counts, then
    /// `MPI_Allgatherv` of the bytes). MPI counts are 32-bit: at most 2^31 - 1 bytes in all.
    ///
    /// - Complexity: the total bytes of every rank, received by every rank.
    public func allGather<T: BitwiseCopyable>(_ values: [T]) throws -> [[T]] {
        let (flat, counts) = try allGatherConcatenated(values)
        var result = [[T]]()
        result.reserveCapacity(size)
        var start = 0
        for count in counts {
            result.append(Array(flat[start..<(start + count)]))
            start += count
        }
        return result
    }

    /// Every rank's `values` concatenated in rank order, with each rank's count.
    ///
    /// - Complexity: the total bytes of every rank, received by every rank, after an all-gather of
    ///   one count per rank.
    public func allGatherConcatenated<T: BitwiseCopyable>(_ values: [T]) throws -> (values: [T], counts: [Int]) {
        let stride = MemoryLayout<T>.stride
        var mine = Int64(values.count)
        var counts = [Int64](repeating: 0, count: size)
        try Self.check(
            MPI_Allgather(&mine, 1, ae_mpi_int64(), &counts, 1, ae_mpi_int64(), communicator), "MPI_Allgather")
        let total = counts.reduce(0, +)
        if total * Int64(stride) > Int64(Int32.max) {
            throw MPIError(
                function: "allGather", code: 0,
                message: "\(total) values of \(stride) bytes exceed MPI's 32-bit byte count (2^31 - 1)")
        }
        let byteCounts = counts.map { Int32($0 * Int64(stride)) }
        var displacements = [Int32](repeating: 0, count: size)
        for rank in 1..<max(1, size) { displacements[rank] = displacements[rank - 1] + byteCounts[rank - 1] }
        let gathered = try [T](unsafeUninitializedCapacity: Int(total)) { buffer, initialized in
            try values.withUnsafeBytes { send in
                try Self.check(
                    MPI_Allgatherv(
                        send.baseAddress, Int32(send.count), ae_mpi_byte(), UnsafeMutableRawPointer(buffer.baseAddress),
                        byteCounts, displacements, ae_mpi_byte(), communicator), "MPI_Allgatherv")
            }
            initialized = Int(total)
        }
        return (gathered, counts.map { Int($0) })
    }

    /// Runs `body` on this rank and agrees on failure: when it throws on any rank, it throws
    /// on every rank (the failing rank its own error, the others an ``MPIError`` naming the
    /// first failing rank and its error), so that no rank goes on into a collective the
    /// others never reach. For steps that check rank-local input.
    ///
    /// - Complexity: `body`'s, plus an all-gather of one byte per rank (a failing rank's error text
    ///   instead).
    public func agree<T>(_ body: () throws -> T) throws -> T {
        let result = Result { try body() }
        var report: [UInt8] = [0]
        if case let .failure(error) = result { report = [1] + Array("\(error)".utf8) }
        let reports = try allGather(report)
        if let failed = reports.firstIndex(where: { $0.first == 1 }) {
            if case let .failure(error) = result { throw error }
            throw MPIError(
                function: "agree", code: -1,
                message: "rank \(failed) failed: \(String(decoding: reports[failed].dropFirst(), as: UTF8.self))")
        }
        return try result.get()
    }

    /// The sum of every rank's `value` (exact: integers).
    public func sum(_ value: Int) throws -> Int {
        var mine = Int64(value), total: Int64 = 0
        try Self.check(MPI_Allreduce(&mine, &total, 1, ae_mpi_int64(), ae_mpi_sum(), communicator), "MPI_Allreduce")
        return Int(total)
    }

    /// The largest of every rank's `value` (exact: a maximum does not depend on order).
    public func maximum(_ value: Double) throws -> Double {
        var mine = value, result = 0.0
        try Self.check(MPI_Allreduce(&mine, &result, 1, ae_mpi_double(), ae_mpi_max(), communicator), "MPI_Allreduce")
        return result
    }

    /// The smallest of every rank's `value`.
    public func minimum(_ value: Double) throws -> Double {
        var mine = value, result = 0.0
        try Self.check(MPI_Allreduce(&mine, &result, 1, ae_mpi_double(), ae_mpi_min(), communicator), "MPI_Allreduce")
        return result
    }

    /// Throws ``MPIError`` with MPI's message unless `code` is `MPI_SUCCESS`.
    static func check(_ code: Int32, _ function: String) throws {
        if code == ae_mpi_success() { return }
        var buffer = [CChar](repeating: 0, count: 512)
        var length: Int32 = 0
        MPI_Error_string(code, &buffer, &length)
        let bytes = buffer.prefix(Int(length)).map { UInt8(bitPattern: $0) }
        throw MPIError(function: function, code: code, message: String(decoding: bytes, as: UTF8.self))
    }
}
