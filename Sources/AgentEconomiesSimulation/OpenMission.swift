/// A mission between its proposal and its deadline: who joined it and what each has
/// contributed so far. Kept in ``SimulationState/openMissions`` (and in checkpoints).
public struct OpenMission: Codable, Equatable, Sendable {
    /// The epoch it was proposed in.
    public var proposedEpoch: Int
    /// The last epoch of contributions; the mission is evaluated at its end.
    public var deadlineEpoch: Int
    /// The participants (agent indices, ascending).
    public var participants: [Int]
    /// Per participant, the p of each contributed interaction, in contribution order.
    public var p: [[Double]]
    /// Per participant, whether each contributed interaction was accepted.
    public var accepted: [[Bool]]

    enum CodingKeys: String, CodingKey {
        case participants, p, accepted
        case proposedEpoch = "proposed_epoch"
        case deadlineEpoch = "deadline_epoch"
    }

    /// A mission with no contributions yet.
    public init(proposedEpoch: Int, deadlineEpoch: Int, participants: [Int]) {
        self.proposedEpoch = proposedEpoch
        self.deadlineEpoch = deadlineEpoch
        self.participants = participants
        p = Array(repeating: [], count: participants.count)
        accepted = Array(repeating: [], count: participants.count)
    }

    /// Adds each active participant's interactions of the epoch.
    mutating func contribute(_ interactions: EpochInteractions, active: [Bool]) {
        for (position, agent) in participants.enumerated() where active[agent] {
            let range = interactions.offsets[agent]..<interactions.offsets[agent + 1]
            p[position].append(contentsOf: interactions.p[range])
            accepted[position].append(contentsOf: interactions.accepted[range])
        }
    }

    /// The contributions as columns for the mission kernels: participant `k` recorded items
    /// `offsets[k]..<offsets[k + 1]`, every item an interaction of its own.
    func ledgerColumns() -> (offsets: [Int], p: [Double], accepted: [Bool]) {
        var offsets = [0]
        offsets.reserveCapacity(participants.count + 1)
        for values in p { offsets.append(offsets[offsets.count - 1] + values.count) }
        return (offsets, p.flatMap { $0 }, accepted.flatMap { $0 })
    }
}
