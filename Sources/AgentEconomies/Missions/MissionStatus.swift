import Foundation
import OrderedCollections

/// Where a mission is in its lifecycle.
public enum MissionStatus: String, Sendable, Codable, Hashable {
    /// Waiting for participants.
    case proposed
    /// Accepting contributions.
    case active
    /// Every objective met.
    case succeeded
    /// Deadline passed with objectives unmet (at evaluation).
    case failed
    /// Deadline passed while proposed or active (``MissionEconomy/expireMissions(currentEpoch:)``).
    case expired
}
