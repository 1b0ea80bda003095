import AgentEconomiesCHeader

#if canImport(Glibc)
    import Glibc
#endif

/// Refusing work that cannot fit in memory before allocating it: Swift stops the process when
/// an allocation fails, so a call whose size comes from a count (not from arrays the caller
/// already holds) checks its estimate first and returns `AE_ERROR_OUT_OF_MEMORY`.
enum MemoryBudget {
    /// The machine's physical memory in bytes (`sysconf`; infinity when unknown).
    static var physicalBytes: Double {
        let pages = sysconf(Int32(_SC_PHYS_PAGES)), size = sysconf(Int32(_SC_PAGESIZE))
        return pages > 0 && size > 0 ? Double(pages) * Double(size) : .infinity
    }

    /// Throws `AE_ERROR_OUT_OF_MEMORY` when `bytes` exceed the physical memory.
    static func check(bytes: Double, _ what: String) throws {
        let available = physicalBytes
        if bytes > available {
            throw CallError(
                status: AE_ERROR_OUT_OF_MEMORY,
                message: "\(what): about \(gib(bytes)) GiB needed, and this machine has \(gib(available)) GiB of memory")
        }
    }

    private static func gib(_ bytes: Double) -> String {
        let value = bytes / Double(1 << 30)
        return value >= 100 ? String(Int(value.rounded())) : String(Double(Int(value * 10)) / 10)
    }
}
