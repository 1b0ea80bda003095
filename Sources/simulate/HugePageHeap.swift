import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Transparent huge pages for the whole heap of a `simulate` run on Linux.
///
/// At millions of agents most of a run's time goes to reads at random places of arrays of
/// hundreds of megabytes (wallets, popularity tables, posting lists): with 4 KiB pages nearly
/// every one misses the TLB as well as the caches. Where the system gives transparent huge
/// pages on request (`/sys/kernel/mm/transparent_hugepage/enabled` set to `madvise`, Debian's
/// default), glibc 2.35 and later request them for every large allocation when started with
/// `GLIBC_TUNABLES=glibc.malloc.hugetlb=1`; a tunable is read only at process start, so the
/// run starts itself again with it (once: the variable then names the tunable). Set
/// `AGENT_ECONOMIES_HUGE_PAGES=0` to keep 4 KiB pages; a `GLIBC_TUNABLES` that already sets
/// `glibc.malloc.hugetlb` is left as it is.
enum HugePageHeap {
    /// The glibc tunable that turns the advice on.
    static let tunable = "glibc.malloc.hugetlb=1"

    /// The environment a restart should add for huge pages: `GLIBC_TUNABLES` with the tunable
    /// where it helps, empty where it does not (another system, huge pages off or always on,
    /// opted out, or the tunable already set).
    static func restartEnvironment() -> [String: String] {
        #if canImport(Glibc)
            let environment = ProcessInfo.processInfo.environment
            if environment["AGENT_ECONOMIES_HUGE_PAGES"] == "0" { return [:] }
            let current = environment["GLIBC_TUNABLES"] ?? ""
            if current.contains("glibc.malloc.hugetlb") { return [:] }
            guard
                let mode = try? String(contentsOfFile: "/sys/kernel/mm/transparent_hugepage/enabled", encoding: .utf8),
                mode.contains("[madvise]")
            else { return [:] }
            return ["GLIBC_TUNABLES": current.isEmpty ? tunable : "\(current):\(tunable)"]
        #else
            return [:]
        #endif
    }
}
