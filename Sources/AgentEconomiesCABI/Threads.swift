import AgentEconomiesCHeader
import AgentEconomiesKernels

/// `ae_set_num_threads`: the library pool's default worker count (0: back to the default).
@c(ae_set_num_threads)
public func aeSetNumThreads(
    _ threads: Int32, _ error: UnsafeMutablePointer<CChar>?, _ errorSize: Int
) -> ae_status {
    call(error, errorSize) {
        if threads < 0 { throw CallError.size("threads", Int64(threads), ">= 0 (0: the default)") }
        try Parallel.setDefaultThreadCount(threads == 0 ? nil : Int(threads))
    }
}

/// `ae_get_num_threads`: the library pool's default worker count now.
@c(ae_get_num_threads)
public func aeGetNumThreads() -> Int32 { Int32(clamping: Parallel.defaultThreadCount) }

/// `ae_blas_set_num_threads`: OpenBLAS's thread count (process-wide).
@c(ae_blas_set_num_threads)
public func aeBLASSetNumThreads(
    _ threads: Int32, _ error: UnsafeMutablePointer<CChar>?, _ errorSize: Int
) -> ae_status {
    call(error, errorSize) {
        if threads < 1 { throw CallError.size("threads", Int64(threads), ">= 1") }
        BLAS.setThreads(Int(threads))
    }
}

/// `ae_blas_get_num_threads`: OpenBLAS's thread count now.
@c(ae_blas_get_num_threads)
public func aeBLASGetNumThreads() -> Int32 { Int32(clamping: BLAS.threads) }
