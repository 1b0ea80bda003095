// swift-tools-version:6.0
import Foundation
import PackageDescription

let package = Package(
    name: "AgentEconomies",
    products: [
        .library(name: "AgentEconomies", targets: ["AgentEconomies"]),
        .library(name: "AgentEconomiesKernels", targets: ["AgentEconomiesKernels"]),
        .library(name: "AgentEconomiesC", type: .dynamic, targets: ["AgentEconomiesC"]),
        .library(name: "AgentEconomiesSimulation", targets: ["AgentEconomiesSimulation"]),
        .executable(name: "benchmarks", targets: ["benchmarks"]),
        .executable(name: "simulate", targets: ["simulate"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-collections", from: "1.1.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
    ],
    targets: [
        .systemLibrary(
            name: "CBLAS",
            path: "CBLAS",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev", "liblapacke-dev"])]
        ),
        // The demand walk's screening passes in C with SIMD intrinsics, the instruction set
        // (AVX2, SSE2 or plain C) chosen at run time; identical results from every variant.
        .target(
            name: "AgentEconomiesSIMD",
            path: "Sources/AgentEconomiesSIMD"
        ),
        .target(
            name: "AgentEconomiesKernels",
            dependencies: ["CBLAS", "AgentEconomiesSIMD"]
        ),
        // Seeded inputs (markets, Zipf popularity, planted Sybil patterns, order streams,
        // interactions, games, matrices) for the benchmarks, mpi-bench, mpi-check and the tests:
        // each generator exists once, so a benchmark and its test run the same input. Not a
        // product: its declarations are `package`.
        .target(
            name: "Workloads",
            dependencies: ["AgentEconomiesKernels"]
        ),
        .target(
            name: "AgentEconomies",
            dependencies: [
                "AgentEconomiesKernels",
                .product(name: "OrderedCollections", package: "swift-collections"),
            ]
        ),
        // The C ABI: `agent_economies.h` (the ABI's source of truth) in a C target so that the
        // Swift implementation (AgentEconomiesCABI) sees its types; AgentEconomiesC makes it a
        // shared library with the Swift runtime linked in statically and only the `ae_`
        // symbols exported. The fuzz target calls the implementation in-process.
        .target(
            name: "AgentEconomiesCHeader",
            path: "Sources/AgentEconomiesCHeader"
        ),
        .target(
            name: "AgentEconomiesCABI",
            dependencies: ["AgentEconomiesKernels", "AgentEconomiesSimulation", "AgentEconomiesCHeader"]
        ),
        .target(
            name: "AgentEconomiesC",
            dependencies: ["AgentEconomiesCABI"],
            exclude: ["exports.map"],
            linkerSettings: [
                // Yams (the simulation's scenarios) brings Foundation, linked statically with
                // its ICU; the autolinked list misses ICU when linking a shared library.
                .linkedLibrary("Foundation"), .linkedLibrary("CoreFoundation"),
                .linkedLibrary("FoundationInternationalization"), .linkedLibrary("FoundationEssentials"),
                .linkedLibrary("_FoundationCollections"), .linkedLibrary("_FoundationICU"),
                .linkedLibrary("_FoundationCShims"), .linkedLibrary("swiftSynchronization"),
                .unsafeFlags([
                    "-static-stdlib",
                    "-Xlinker", "--version-script=\(Context.packageDirectory)/Sources/AgentEconomiesC/exports.map",
                    // The SONAME carries the ABI's major number: a program linked against
                    // libAgentEconomiesC.so.1 is not handed an incompatible library.
                    "-Xlinker", "-soname=libAgentEconomiesC.so.1",
                ]),
            ]
        ),
        .executableTarget(
            name: "benchmarks",
            dependencies: [
                "AgentEconomies",
                "AgentEconomiesKernels",
                "AgentEconomiesSimulation",
                "CBLAS",
                "Workloads",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "OrderedCollections", package: "swift-collections"),
            ],
            path: "Benchmarks"
        ),
        .target(
            name: "AgentEconomiesSimulation",
            dependencies: ["AgentEconomiesKernels", .product(name: "Yams", package: "Yams")]
        ),
        .executableTarget(
            name: "simulate",
            dependencies: [
                "AgentEconomiesSimulation",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Fuzz targets: `fuzz TARGET PATH...` replays inputs on any build; built with
        // `--sanitize fuzzer --sanitize address -Xswiftc -DFUZZING` it is a libFuzzer binary
        // (scripts/fuzz.sh).
        .executableTarget(
            name: "fuzz",
            dependencies: [
                "AgentEconomies", "AgentEconomiesKernels", "AgentEconomiesSimulation", "AgentEconomiesCABI",
                "AgentEconomiesCHeader", .product(name: "OrderedCollections", package: "swift-collections"),
            ]
        ),
        .testTarget(
            name: "AgentEconomiesSimulationTests",
            dependencies: [
                "AgentEconomiesSimulation", "AgentEconomiesKernels", "AgentEconomies",
                .product(name: "OrderedCollections", package: "swift-collections"),
            ]
        ),
        // The C ABI called from Swift through the header's declarations (the `ae_` symbols the
        // shared library exports): statuses, messages, buffer protocols and handles.
        .testTarget(
            name: "AgentEconomiesCABITests",
            dependencies: ["AgentEconomiesCABI", "AgentEconomiesCHeader", "AgentEconomiesKernels"]
        ),
        .testTarget(
            name: "AgentEconomiesKernelsTests",
            dependencies: ["AgentEconomiesKernels", "AgentEconomiesSIMD", "Workloads"]
        ),
        .testTarget(
            name: "AgentEconomiesTests",
            dependencies: [
                "AgentEconomies",
                "AgentEconomiesKernels",
                "Workloads",
                .product(name: "OrderedCollections", package: "swift-collections"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)

// The MPI module (Open MPI through pkg-config) only when asked for, so that the rest builds
// and tests on a machine without MPI: `AGENT_ECONOMIES_MPI=1 swift build` (scripts/mpi-test.sh,
// scripts/mpi-bench.sh, which also install Open MPI).
if ProcessInfo.processInfo.environment["AGENT_ECONOMIES_MPI"] == "1" {
    package.products += [
        .library(name: "AgentEconomiesMPI", targets: ["AgentEconomiesMPI"]),
        .executable(name: "mpi-check", targets: ["mpi-check"]),
        .executable(name: "mpi-bench", targets: ["mpi-bench"]),
    ]
    package.targets += [
        .systemLibrary(
            name: "CMPI",
            path: "CMPI",
            pkgConfig: "ompi",
            providers: [.apt(["libopenmpi-dev", "openmpi-bin"])]
        ),
        .target(name: "AgentEconomiesMPI", dependencies: ["AgentEconomiesKernels", "AgentEconomiesSimulation", "CMPI"]),
        .executableTarget(
            name: "mpi-check",
            dependencies: ["AgentEconomiesMPI", "AgentEconomiesKernels", "AgentEconomiesSimulation", "Workloads"]),
        .executableTarget(
            name: "mpi-bench",
            dependencies: ["AgentEconomiesMPI", "AgentEconomiesKernels", "AgentEconomiesSimulation", "Workloads"]),
    ]
}
