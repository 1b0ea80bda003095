import Foundation

/// A harmful outcome that tried to cross the sandbox boundary.
public struct SpilloverEvent: Equatable, Sendable, Codable {
    /// Unique ID (a new UUID string by default).
    public var eventID: String
    /// The interaction it came from.
    public var sourceInteractionID: String
    /// That interaction's `p`.
    public var sourceP: Double
    /// Outbound (the only direction the simulation produces, as in the reference).
    public var direction: SpilloverDirection
    /// `(1 - p) * spilloverAmplification`, whether blocked or not.
    public var harmMagnitude: Double
    /// When it was recorded.
    public var timestamp: Date
    /// Whether the boundary stopped it.
    public var blocked: Bool

    /// An event record.
    public init(
        eventID: String = RandomUUID.string(), sourceInteractionID: String = "", sourceP: Double = 0.5,
        direction: SpilloverDirection = .outbound, harmMagnitude: Double = 0, timestamp: Date = Date(),
        blocked: Bool = false
    ) {
        self.eventID = eventID
        self.sourceInteractionID = sourceInteractionID
        self.sourceP = sourceP
        self.direction = direction
        self.harmMagnitude = harmMagnitude
        self.timestamp = timestamp
        self.blocked = blocked
    }

    enum CodingKeys: String, CodingKey {
        case eventID = "event_id"
        case sourceInteractionID = "source_interaction_id"
        case sourceP = "source_p"
        case direction
        case harmMagnitude = "harm_magnitude"
        case timestamp, blocked
    }

    /// Decodes the reference's `to_dict()` form (ISO-8601 timestamp).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        var date = Date()
        if let stamp = try c.decodeIfPresent(String.self, forKey: .timestamp) {
            guard let parsed = ISOTimestamp.parse(stamp) else {
                throw AgentEconomiesError.outOfRange(
                    field: "SpilloverEvent.timestamp", value: stamp,
                    requirement: "an ISO-8601 date")
            }
            date = parsed
        }
        self.init(
            eventID: try c.decodeIfPresent(String.self, forKey: .eventID) ?? RandomUUID.string(),
            sourceInteractionID: try c.decodeIfPresent(String.self, forKey: .sourceInteractionID) ?? "",
            sourceP: try c.decodeIfPresent(Double.self, forKey: .sourceP) ?? 0.5,
            direction: try c.decodeIfPresent(SpilloverDirection.self, forKey: .direction) ?? .outbound,
            harmMagnitude: try c.decodeIfPresent(Double.self, forKey: .harmMagnitude) ?? 0,
            timestamp: date, blocked: try c.decodeIfPresent(Bool.self, forKey: .blocked) ?? false)
    }

    /// Encodes with the reference's keys; the timestamp as an ISO-8601 string.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(eventID, forKey: .eventID)
        try c.encode(sourceInteractionID, forKey: .sourceInteractionID)
        try c.encode(sourceP, forKey: .sourceP)
        try c.encode(direction, forKey: .direction)
        try c.encode(harmMagnitude, forKey: .harmMagnitude)
        try c.encode(ISOTimestamp.format(timestamp), forKey: .timestamp)
        try c.encode(blocked, forKey: .blocked)
    }
}
