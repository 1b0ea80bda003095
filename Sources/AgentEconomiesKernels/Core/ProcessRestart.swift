import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Starts the running executable again with more environment variables: for settings that a
/// library reads only when the process starts (glibc's tunables, OpenBLAS's core type). For
/// the project's executables (`simulate`, `benchmarks`), never for a host process.
package enum ProcessRestart {
    /// Sets `environment` and replaces this process with a new run of the same executable and
    /// arguments; returns without doing anything when `environment` is empty, and returns
    /// (having set the variables) where the restart fails or the system has no
    /// `/proc/self/exe`.
    package static func restart(adding environment: [String: String]) {
        #if canImport(Glibc)
            if environment.isEmpty { return }
            for (name, value) in environment.sorted(by: { $0.key < $1.key }) { setenv(name, value, 1) }
            _ = execv("/proc/self/exe", CommandLine.unsafeArgv)
        #endif
    }
}
