/// One envy violation: agent `envious` values agent `envied`'s bundle above its own by
/// `gap` (more than the tolerance).
public struct EnvyPair: Equatable, Hashable, Sendable {
    /// Row of the envious agent.
    public var envious: Int
    /// Row of the envied agent.
    public var envied: Int
    /// `envious`'s valuation of `envied`'s bundle minus its own utility.
    public var gap: Double

    /// A violation record.
    public init(envious: Int, envied: Int, gap: Double) {
        self.envious = envious
        self.envied = envied
        self.gap = gap
    }
}
