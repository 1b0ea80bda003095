import AgentEconomiesSIMD

/// A software prefetch for the layers above the kernels (the simulation's interaction draw):
/// asks for the cache line at an address to be loaded, never faults, changes no result.
package enum Prefetch {
    /// Prefetches the line holding `address` for reading.
    @inline(__always)
    package static func read(_ address: UnsafeRawPointer) { aek_prefetch(address) }
}
