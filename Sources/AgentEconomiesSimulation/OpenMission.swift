/// A mission between its proposal and its deadline: who joined it, the effort each chose,
/// what each has contributed and paid for so far. Kept in ``SimulationState/openMissions``
/// (and in checkpoints).
public struct OpenMission: Codable, Equatable, Sendable {
    /// The epoch it was proposed in.
    public var proposedEpoch: Int
    /// Its position among its epoch's proposals.
    public var number: Int
    /// The last epoch of contributions; the mission is evaluated at its end.
    public var deadlineEpoch: Int
    /// The participants (agent indices, ascending).
    public var participants: [Int]
    /// Per participant, its effort action (an index into ``Economy/efforts``), chosen at join.
    public var effortAction: [Int8]
    /// Per participant, the tokens it has paid for its contributions.
    public var effortCostPaid: [Double]
    /// Per participant, the p of each contributed interaction, in contribution order.
    public var p: [[Double]]
    /// Per participant, whether each contributed interaction was accepted.
    public var accepted: [[Bool]]

    enum CodingKeys: String, CodingKey {
        case participants, p, accepted
        case number
        case proposedEpoch = "proposed_epoch"
        case deadlineEpoch = "deadline_epoch"
        case effortAction = "effort_action"
        case effortCostPaid = "effort_cost_paid"
    }

    /// A mission with no contributions yet; participant k plays effort action `efforts[k]`.
    public init(proposedEpoch: Int, number: Int, deadlineEpoch: Int, participants: [Int], efforts: [Int8]) {
        self.proposedEpoch = proposedEpoch
        self.number = number
        self.deadlineEpoch = deadlineEpoch
        self.participants = participants
        effortAction = efforts
        effortCostPaid = Array(repeating: 0, count: participants.count)
        p = Array(repeating: [], count: participants.count)
        accepted = Array(repeating: [], count: participants.count)
    }

    /// The mission's name in events: `E-K`, the K-th proposal of epoch E.
    public var name: String { "\(proposedEpoch)-\(number)" }

    /// Whether the arrays fit the participants and every participant is one of `agents`.
    func isValid(agents: Int) -> Bool {
        let k = participants.count
        return participants.allSatisfy { (0..<agents).contains($0) } && p.count == k && accepted.count == k
            && effortAction.count == k && effortCostPaid.count == k
            && effortAction.allSatisfy { (0..<Int8(Economy.efforts.count)).contains($0) }
            && zip(p, accepted).allSatisfy { $0.count == $1.count }
    }

    /// Adds each active participant's contribution of the epoch: the first `effort` share of
    /// its interactions (rounded); returns how many each contributed.
    mutating func contribute(_ interactions: EpochInteractions, active: [Bool]) -> [Int] {
        var counts = [Int](repeating: 0, count: participants.count)
        for (position, agent) in participants.enumerated() where active[agent] {
            let start = interactions.offsets[agent], available = interactions.offsets[agent + 1] - start
            let share = Economy.efforts[Int(effortAction[position])]
            let taken = min(available, Int((Double(available) * share).rounded()))
            p[position].append(contentsOf: interactions.p[start..<start + taken])
            accepted[position].append(contentsOf: interactions.accepted[start..<start + taken])
            counts[position] = taken
        }
        return counts
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
