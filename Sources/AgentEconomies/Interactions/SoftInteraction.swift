import Foundation

/// The kind of an interaction, as the reference names them.
public enum InteractionType: String, Sendable, Codable, Hashable, CaseIterable {
    /// A reply.
    case reply
    /// A vote.
    case vote
    /// A trade.
    case trade
    /// A collaboration.
    case collaboration
}

/// One interaction between two agents with a soft label (see <doc:SoftInteractions>): `p` is the
/// probability that it was beneficial.
///
/// Values are checked when made (and when decoded): `p` in [0, 1], `vHat` in [-1, 1],
/// every number finite. Large batches travel as columns in ``InteractionBatch``.
public struct SoftInteraction: Equatable, Sendable, Codable, Identifiable {
    /// Unique ID (a new UUID string by default); the reference's `interaction_id`.
    public var id: String
    /// The agent that started the interaction.
    public var initiator: String
    /// The other agent.
    public var counterparty: String
    /// Probability that the interaction is beneficial, in [0, 1].
    public private(set) var p: Double
    /// Whether the counterparty accepted it.
    public var accepted: Bool
    /// Raw proxy score, in [-1, 1].
    public private(set) var vHat: Double
    /// The kind of interaction.
    public var interactionType: InteractionType
    /// When it happened.
    public var timestamp: Date
    /// Observable: task progress.
    public var taskProgressDelta: Double
    /// Observable: rework count.
    public var reworkCount: Int
    /// Observable: verifier rejections.
    public var verifierRejections: Int
    /// Observable: tool misuse flags.
    public var toolMisuseFlags: Int
    /// Observable: counterparty engagement change.
    public var counterpartyEngagementDelta: Double
    /// Transfer from initiator to counterparty.
    public var tau: Double
    /// Governance cost of the initiator.
    public var cA: Double
    /// Governance cost of the counterparty.
    public var cB: Double
    /// Reputation change of the initiator.
    public var rA: Double
    /// Reputation change of the counterparty.
    public var rB: Double
    /// Ground truth (+1 or -1) when known.
    public var groundTruth: Int?
    /// IDs of the interactions this one builds on.
    public var causalParents: [String]

    /// An interaction.
    ///
    /// - Throws: `AgentEconomiesError` naming the field when `p` is outside [0, 1], `vHat`
    ///   outside [-1, 1], or a number is NaN or infinite.
    public init(
        id: String = RandomUUID.string(), initiator: String = "", counterparty: String = "", p: Double = 0.5,
        accepted: Bool = false, vHat: Double = 0, interactionType: InteractionType = .reply,
        timestamp: Date = Date(), taskProgressDelta: Double = 0, reworkCount: Int = 0,
        verifierRejections: Int = 0, toolMisuseFlags: Int = 0, counterpartyEngagementDelta: Double = 0,
        tau: Double = 0, cA: Double = 0, cB: Double = 0, rA: Double = 0, rB: Double = 0,
        groundTruth: Int? = nil, causalParents: [String] = []
    ) throws {
        self.id = id
        self.initiator = initiator
        self.counterparty = counterparty
        self.p = p
        self.accepted = accepted
        self.vHat = vHat
        self.interactionType = interactionType
        self.timestamp = timestamp
        self.taskProgressDelta = taskProgressDelta
        self.reworkCount = reworkCount
        self.verifierRejections = verifierRejections
        self.toolMisuseFlags = toolMisuseFlags
        self.counterpartyEngagementDelta = counterpartyEngagementDelta
        self.tau = tau
        self.cA = cA
        self.cB = cB
        self.rA = rA
        self.rB = rB
        self.groundTruth = groundTruth
        self.causalParents = causalParents
        try validate()
    }

    /// Checks the invariants (run by every initializer).
    public func validate() throws {
        try Validate.inRange(p, 0, 1, "SoftInteraction.p")
        try Validate.inRange(vHat, -1, 1, "SoftInteraction.vHat")
        for (value, field) in [
            (taskProgressDelta, "taskProgressDelta"),
            (counterpartyEngagementDelta, "counterpartyEngagementDelta"), (tau, "tau"),
            (cA, "cA"), (cB, "cB"), (rA, "rA"), (rB, "rB"),
        ] {
            try Validate.finite(value, "SoftInteraction.\(field)")
        }
    }

    /// Sets `p`, checking it.
    public mutating func setP(_ value: Double) throws {
        try Validate.inRange(value, 0, 1, "SoftInteraction.p")
        p = value
    }

    /// Sets `vHat`, checking it.
    public mutating func setVHat(_ value: Double) throws {
        try Validate.inRange(value, -1, 1, "SoftInteraction.vHat")
        vHat = value
    }

    /// `p >= threshold`.
    public func isHighQuality(threshold: Double = 0.5) -> Bool { p >= threshold }

    /// `p` strictly inside `0.5 ± band`.
    public func isUncertain(band: Double = 0.2) -> Bool { 0.5 - band < p && p < 0.5 + band }

    // MARK: Codable, with the reference's keys

    enum CodingKeys: String, CodingKey {
        case id = "interaction_id"
        case timestamp, initiator, counterparty, accepted, p, tau
        case interactionType = "interaction_type"
        case taskProgressDelta = "task_progress_delta"
        case reworkCount = "rework_count"
        case verifierRejections = "verifier_rejections"
        case toolMisuseFlags = "tool_misuse_flags"
        case counterpartyEngagementDelta = "counterparty_engagement_delta"
        case vHat = "v_hat"
        case cA = "c_a"
        case cB = "c_b"
        case rA = "r_a"
        case rB = "r_b"
        case groundTruth = "ground_truth"
        case causalParents = "causal_parents"
    }

    /// Decodes the reference's `to_dict()` form (missing fields take their defaults; the
    /// timestamp is an ISO-8601 string, with or without fraction and zone) and validates it.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let stamp = try c.decodeIfPresent(String.self, forKey: .timestamp)
        var date = Date()
        if let stamp {
            guard let parsed = ISOTimestamp.parse(stamp) else {
                throw AgentEconomiesError.outOfRange(
                    field: "SoftInteraction.timestamp", value: stamp,
                    requirement: "an ISO-8601 date")
            }
            date = parsed
        }
        try self.init(
            id: c.decodeIfPresent(String.self, forKey: .id) ?? RandomUUID.string(),
            initiator: c.decodeIfPresent(String.self, forKey: .initiator) ?? "",
            counterparty: c.decodeIfPresent(String.self, forKey: .counterparty) ?? "",
            p: c.decodeIfPresent(Double.self, forKey: .p) ?? 0.5,
            accepted: c.decodeIfPresent(Bool.self, forKey: .accepted) ?? false,
            vHat: c.decodeIfPresent(Double.self, forKey: .vHat) ?? 0,
            interactionType: c.decodeIfPresent(InteractionType.self, forKey: .interactionType) ?? .reply,
            timestamp: date,
            taskProgressDelta: c.decodeIfPresent(Double.self, forKey: .taskProgressDelta) ?? 0,
            reworkCount: c.decodeIfPresent(Int.self, forKey: .reworkCount) ?? 0,
            verifierRejections: c.decodeIfPresent(Int.self, forKey: .verifierRejections) ?? 0,
            toolMisuseFlags: c.decodeIfPresent(Int.self, forKey: .toolMisuseFlags) ?? 0,
            counterpartyEngagementDelta: c.decodeIfPresent(Double.self, forKey: .counterpartyEngagementDelta) ?? 0,
            tau: c.decodeIfPresent(Double.self, forKey: .tau) ?? 0,
            cA: c.decodeIfPresent(Double.self, forKey: .cA) ?? 0,
            cB: c.decodeIfPresent(Double.self, forKey: .cB) ?? 0,
            rA: c.decodeIfPresent(Double.self, forKey: .rA) ?? 0,
            rB: c.decodeIfPresent(Double.self, forKey: .rB) ?? 0,
            groundTruth: c.decodeIfPresent(Int.self, forKey: .groundTruth),
            causalParents: c.decodeIfPresent([String].self, forKey: .causalParents) ?? [])
    }

    /// Encodes with the reference's keys; the timestamp as an ISO-8601 string.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(ISOTimestamp.format(timestamp), forKey: .timestamp)
        try c.encode(initiator, forKey: .initiator)
        try c.encode(counterparty, forKey: .counterparty)
        try c.encode(interactionType, forKey: .interactionType)
        try c.encode(accepted, forKey: .accepted)
        try c.encode(taskProgressDelta, forKey: .taskProgressDelta)
        try c.encode(reworkCount, forKey: .reworkCount)
        try c.encode(verifierRejections, forKey: .verifierRejections)
        try c.encode(toolMisuseFlags, forKey: .toolMisuseFlags)
        try c.encode(counterpartyEngagementDelta, forKey: .counterpartyEngagementDelta)
        try c.encode(vHat, forKey: .vHat)
        try c.encode(p, forKey: .p)
        try c.encode(tau, forKey: .tau)
        try c.encode(cA, forKey: .cA)
        try c.encode(cB, forKey: .cB)
        try c.encode(rA, forKey: .rA)
        try c.encode(rB, forKey: .rB)
        try c.encode(groundTruth, forKey: .groundTruth)
        try c.encode(causalParents, forKey: .causalParents)
    }
}

/// ISO-8601 timestamps as the reference writes them (`datetime.isoformat()`, usually
/// without a zone) and as the library writes them (UTC, with fraction).
enum ISOTimestamp {
    static func format(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }

    static func parse(_ text: String) -> Date? {
        let variants: [ISO8601DateFormatter.Options] = [
            [.withInternetDateTime, .withFractionalSeconds], [.withInternetDateTime],
            [.withFullDate, .withTime, .withColonSeparatorInTime, .withDashSeparatorInDate, .withFractionalSeconds],
            [.withFullDate, .withTime, .withColonSeparatorInTime, .withDashSeparatorInDate],
        ]
        // Python writes microseconds; the formatter reads at most milliseconds.
        var trimmed = text
        if let dot = text.firstIndex(of: "."), text.distance(from: dot, to: text.endIndex) > 4 {
            let fractionEnd = text[text.index(after: dot)...].firstIndex { !$0.isNumber } ?? text.endIndex
            let kept = text.index(dot, offsetBy: 4, limitedBy: fractionEnd) ?? fractionEnd
            trimmed = String(text[..<kept]) + String(text[fractionEnd...])
        }
        for options in variants {
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = options
            formatter.timeZone = TimeZone(identifier: "UTC")
            if let date = formatter.date(from: trimmed) { return date }
        }
        return nil
    }
}
