import Foundation

extension BLAS {
    /// OpenBLAS cores that predate AVX2: the kernels OpenBLAS falls back to on a processor its
    /// build does not know (Debian's OpenBLAS 0.3.21 takes `Prescott`, SSE3, on recent Xeons).
    static let preAVX2Cores: Set<String> = [
        "prescott", "core2", "penryn", "dunnington", "nehalem", "atom", "katmai", "coppermine",
        "northwood", "banias", "sandybridge", "barcelona", "bobcat", "opteron", "opteron_sse3",
    ]

    /// The `OPENBLAS_CORETYPE` that would run GEMM faster than the kernels OpenBLAS chose, or
    /// nil: `SkylakeX` when the processor has AVX-512 (F, DQ, BW and VL) and `Haswell` when it
    /// has AVX2 and FMA, but only where OpenBLAS chose a core without them (it did not
    /// recognise the processor); nil where its choice already uses them or the flags are
    /// unknown.
    ///
    /// On this project's Intel host the dgemm peak went from 35 to 161 GFLOP/s with
    /// `SkylakeX` (`Benchmarks/README.md`). OpenBLAS reads the variable once, when it loads,
    /// so only a process started with it set gets those kernels: `simulate` and `benchmarks`
    /// restart themselves with it (`AGENT_ECONOMIES_OPENBLAS_CORE=0` keeps OpenBLAS's
    /// choice; an `OPENBLAS_CORETYPE` already set is left alone).
    ///
    /// - Parameters:
    ///   - current: the core OpenBLAS chose (``coreName``).
    ///   - cpuFlags: the processor's feature flags as Linux lists them (``cpuFlags(cpuinfo:)``).
    public static func fasterCoreType(current: String = coreName, cpuFlags: Set<String> = cpuFlags()) -> String? {
        guard preAVX2Cores.contains(current.lowercased()) else { return nil }
        if cpuFlags.isSuperset(of: ["avx512f", "avx512dq", "avx512bw", "avx512vl"]) { return "SkylakeX" }
        if cpuFlags.isSuperset(of: ["avx2", "fma"]) { return "Haswell" }
        return nil
    }

    /// The processor's feature flags from the first `flags` line of `/proc/cpuinfo` (empty
    /// where there is none: another system, or no access).
    public static func cpuFlags(cpuinfo path: String = "/proc/cpuinfo") -> Set<String> {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        for line in text.split(separator: "\n") where line.hasPrefix("flags") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            return Set(line[line.index(after: colon)...].split(separator: " ").map(String.init))
        }
        return []
    }

    /// The environment a restart should add so that OpenBLAS takes ``fasterCoreType(current:cpuFlags:)``:
    /// `["OPENBLAS_CORETYPE": core]`, or empty when there is none, `OPENBLAS_CORETYPE` is
    /// already set, or `AGENT_ECONOMIES_OPENBLAS_CORE` is `0`.
    public static func coreTypeRestart(
        environment: [String: String] = ProcessInfo.processInfo.environment, current: String = coreName,
        cpuFlags: Set<String> = cpuFlags()
    ) -> [String: String] {
        if environment["OPENBLAS_CORETYPE"] != nil || environment["AGENT_ECONOMIES_OPENBLAS_CORE"] == "0" { return [:] }
        guard let core = fasterCoreType(current: current, cpuFlags: cpuFlags) else { return [:] }
        return ["OPENBLAS_CORETYPE": core]
    }
}
