extension AuctionKernels {
    /// How ``envyCheck(_:path:tiles:threads:)`` visits the ordered pairs of agents.
    public enum EnvyPath: Sendable, Equatable {
        /// Pairwise when bundles are sparse (on average at most a quarter of the resources per
        /// bundle, as tatonnement and equilibrium bundles are), else tiled.
        case automatic
        /// `V * D^T` in GEMM tiles, screened with a rounding bound; suits dense bundles.
        case tiled
        /// Every affordable pair summed over the other agent's bundle entries only: O(agents^2
        /// x mean bundle size), exact without a screen.
        case pairwise

        /// The concrete path for `input`.
        func resolved(for input: EnvyCheckInput) -> EnvyPath {
            guard case .automatic = self else { return self }
            let agents = input.valuations.rows, resources = input.valuations.columns
            return input.bundles.columns.count * 4 <= agents * resources ? .pairwise : .tiled
        }
    }
}
