extension AuctionKernels {
    /// How ``envyCheck(_:path:tiles:threads:)`` visits the ordered pairs of agents.
    public enum EnvyPath: Sendable, Equatable {
        /// Sorted when at most half the bundles hold more than one good (and every number is
        /// finite; the sorted path's work is then at most the pairwise path's); else pairwise when bundles are sparse (on average at most a
        /// quarter of the resources), else tiled.
        case automatic
        /// `V * D^T` in GEMM tiles, screened with a rounding bound; suits dense bundles.
        case tiled
        /// Every affordable pair summed over the other agent's bundle entries only: O(agents^2
        /// x mean bundle size), exact without a screen.
        case pairwise
        /// One-good bundles counted per good by sorting and a Fenwick tree, the others pair by
        /// pair: O(resources x agents log agents + agents x multi-good bundles). Falls back to
        /// pairwise when a number is not finite.
        case sorted

        /// The concrete path for `input` (its finiteness checked on up to `threads` workers).
        func resolved(for input: EnvyCheckInput, threads: Int?) -> EnvyPath {
            if case .sorted = self { return input.isFinite(threads: threads) ? .sorted : .pairwise }
            guard case .automatic = self else { return self }
            let agents = input.valuations.rows, resources = input.valuations.columns
            let offsets = input.bundles.rowOffsets
            var multiGood = 0
            for j in 0..<agents where offsets[j + 1] - offsets[j] > 1 { multiGood += 1 }
            if multiGood * 2 <= agents && agents >= 64 && input.isFinite(threads: threads) { return .sorted }
            return input.bundles.columns.count * 4 <= agents * resources ? .pairwise : .tiled
        }
    }
}
