/// What an objective measures over the contributed interactions.
///
/// The five metrics of the reference are static members (`.avgP` ... `.totalWelfare`, raw
/// values `avg_p` ... `total_welfare`); any other raw value is kept and, as in the
/// reference, always evaluates to 0.
public struct MissionMetric: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    /// The reference's name of the metric.
    public let rawValue: String

    /// A metric by name (unknown names are allowed and evaluate to 0).
    public init(rawValue: String) { self.rawValue = rawValue }

    /// Mean p.
    public static let avgP = MissionMetric(rawValue: "avg_p")
    /// Smallest p.
    public static let minP = MissionMetric(rawValue: "min_p")
    /// Number of interactions.
    public static let totalCount = MissionMetric(rawValue: "total_count")
    /// Share accepted.
    public static let acceptanceRate = MissionMetric(rawValue: "acceptance_rate")
    /// Sum of `2p - (1 - p)`.
    public static let totalWelfare = MissionMetric(rawValue: "total_welfare")

    /// The five metrics the reference knows.
    public static let allKnown: [MissionMetric] = [.avgP, .minP, .totalCount, .acceptanceRate, .totalWelfare]

    /// Whether the reference knows this metric.
    public var isKnown: Bool { Self.allKnown.contains(self) }

    /// The raw name.
    public var description: String { rawValue }

    /// Decodes the raw name.
    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    /// Encodes the raw name.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
