import AgentEconomiesKernels
import Foundation
import Testing

/// The choice of OpenBLAS kernels for a restart: faster kernels only where OpenBLAS fell back
/// to a core without AVX2 on a processor that has it, never over the user's own setting.
@Suite struct CoreTypeTests {
    static let avx512: Set<String> = ["sse2", "avx", "avx2", "fma", "avx512f", "avx512dq", "avx512bw", "avx512vl"]
    static let avx2: Set<String> = ["sse2", "avx", "avx2", "fma"]

    @Test("a pre-AVX2 core on an AVX2 or AVX-512 processor gets Haswell or SkylakeX; nothing else changes")
    func fasterCore() {
        #expect(BLAS.fasterCoreType(current: "Prescott", cpuFlags: Self.avx512) == "SkylakeX")
        #expect(BLAS.fasterCoreType(current: "Prescott", cpuFlags: Self.avx2) == "Haswell")
        #expect(BLAS.fasterCoreType(current: "Sandybridge", cpuFlags: Self.avx2) == "Haswell")
        // AVX-512 without BW/VL (Knights Landing) is not SkylakeX.
        #expect(BLAS.fasterCoreType(current: "Nehalem", cpuFlags: Self.avx2.union(["avx512f"])) == "Haswell")
        #expect(BLAS.fasterCoreType(current: "Prescott", cpuFlags: ["sse2", "sse3"]) == nil)
        #expect(BLAS.fasterCoreType(current: "Prescott", cpuFlags: []) == nil)
        for chosen in ["Haswell", "SkylakeX", "Zen", "Cooperlake", "unknown"] {
            #expect(BLAS.fasterCoreType(current: chosen, cpuFlags: Self.avx512) == nil, "\(chosen)")
        }
    }

    @Test("the restart's environment leaves a user's setting and the opt-out alone")
    func restartEnvironment() {
        let restart = { (environment: [String: String]) in
            BLAS.coreTypeRestart(environment: environment, current: "Prescott", cpuFlags: Self.avx512)
        }
        #expect(restart([:]) == ["OPENBLAS_CORETYPE": "SkylakeX"])
        #expect(restart(["OPENBLAS_CORETYPE": "Haswell"]).isEmpty)
        #expect(restart(["AGENT_ECONOMIES_OPENBLAS_CORE": "0"]).isEmpty)
        #expect(BLAS.coreTypeRestart(environment: [:], current: "SkylakeX", cpuFlags: Self.avx512).isEmpty)
    }

    @Test("cpu flags are read from the first flags line")
    func flagsFromCpuinfo() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("cpuinfo-\(UInt32.random(in: 0...UInt32.max))").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "processor\t: 0\nmodel name\t: X\nflags\t\t: fpu sse2 avx2 fma\nprocessor\t: 1\nflags\t\t: other\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        #expect(BLAS.cpuFlags(cpuinfo: path) == ["fpu", "sse2", "avx2", "fma"])
        #expect(BLAS.cpuFlags(cpuinfo: path + ".missing").isEmpty)
        #if os(Linux) && arch(x86_64)
            #expect(BLAS.cpuFlags().contains("sse2"))
        #endif
    }
}
