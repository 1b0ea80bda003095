import OrderedCollections

/// Agent `enviousAgent` values `enviedAgent`'s bundle (which it could afford) above its own
/// by `utilityGap`, more than the envy tolerance.
public struct EnvyViolation: Equatable, Sendable {
    /// The agent that envies.
    public var enviousAgent: String
    /// The agent whose bundle is envied.
    public var enviedAgent: String
    /// Valuation of the envied bundle minus own utility.
    public var utilityGap: Double

    /// A violation record.
    public init(enviousAgent: String, enviedAgent: String, utilityGap: Double) {
        self.enviousAgent = enviousAgent
        self.enviedAgent = enviedAgent
        self.utilityGap = utilityGap
    }
}
