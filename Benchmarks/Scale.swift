/// How big the benchmark suite runs.
enum Scale: Sendable {
    /// Small sizes: the whole suite in about a minute (`--quick`).
    case quick
    /// The default: every kernel at sizes that take seconds, the suite in under 10 minutes
    /// on a 2-core machine.
    case standard
    /// The population-scale sizes and long baselines (`--full`): about 20 minutes there.
    case full

    /// The value for this scale.
    func pick<T>(quick: T, standard: T, full: T) -> T {
        switch self {
        case .quick: return quick
        case .standard: return standard
        case .full: return full
        }
    }
}
