import Foundation
import OrderedCollections

/// A mission as the economy holds it (a snapshot: ask the economy for the current one).
public struct Mission: Equatable, Sendable {
    /// Unique ID.
    public var id: String
    /// Name.
    public var name: String
    /// Objectives.
    public var objectives: [MissionObjective]
    /// The proposing agent (the first participant).
    public var coordinatorID: String
    /// Participants in order of joining.
    public var participants: OrderedSet<String>
    /// Reward pool (> 0).
    public var rewardPool: Double
    /// Epoch at which it expires or fails.
    public var deadlineEpoch: Int
    /// Lifecycle status.
    public var status: MissionStatus
    /// Epoch of proposal.
    public var createdEpoch: Int
    /// Interaction IDs recorded by each agent, in order (duplicates kept); agents in order
    /// of their first contribution.
    public var contributions: OrderedDictionary<String, [String]>
}
