import AgentEconomiesKernels

/// The simulation's side of a mission between its proposal and its deadline: its lifecycle
/// (participants, contributions, status) is in the state's ``SimulationState/missionBook``
/// (the kernels' `MissionBook`, the rules the component and the C ABI use too); here are the
/// effort each participant chose, what each has paid, and the p and acceptance of every
/// contributed interaction, which the book knows only by handle. Kept in
/// ``SimulationState/openMissions`` (and in checkpoints).
public struct OpenMission: Codable, Equatable, Sendable {
    /// The mission's handle in the book.
    public var handle: Int
    /// The epoch it was proposed in.
    public var proposedEpoch: Int
    /// Its position among its epoch's proposals.
    public var number: Int
    /// The last epoch of contributions; the mission is evaluated at its end.
    public var deadlineEpoch: Int
    /// Per participant (in the book's order), its effort action (an index into
    /// ``Economy/efforts``), chosen at join.
    public var effortAction: [Int8]
    /// Per participant, the tokens it has paid for its contributions.
    public var effortCostPaid: [Double]
    /// Every contributed interaction's handle, p and acceptance, in recording order.
    public var handles: [Int64] = [], p: [Double] = [], accepted: [Bool] = []

    enum CodingKeys: String, CodingKey {
        case handle, number, handles, p, accepted
        case proposedEpoch = "proposed_epoch"
        case deadlineEpoch = "deadline_epoch"
        case effortAction = "effort_action"
        case effortCostPaid = "effort_cost_paid"
    }

    /// A mission with no contributions yet; participant k plays effort action `efforts[k]`.
    ///
    /// - Complexity: O(participants).
    public init(handle: Int, proposedEpoch: Int, number: Int, deadlineEpoch: Int, efforts: [Int8]) {
        self.handle = handle
        self.proposedEpoch = proposedEpoch
        self.number = number
        self.deadlineEpoch = deadlineEpoch
        effortAction = efforts
        effortCostPaid = Array(repeating: 0, count: efforts.count)
    }

    /// The mission's name in events: `E-K`, the K-th proposal of epoch E.
    public var name: String { "\(proposedEpoch)-\(number)" }

    /// Whether the arrays fit the book's open mission behind `handle`.
    func isValid(in book: MissionBook) -> Bool {
        guard book.missions.indices.contains(handle) else { return false }
        let mission = book.missions[handle]
        let k = mission.participants.count
        return mission.isOpen && effortAction.count == k && effortCostPaid.count == k
            && effortAction.allSatisfy { (0..<Int8(Economy.efforts.count)).contains($0) }
            && handles.count == p.count && p.count == accepted.count
            && mission.recordedCounts.reduce(0, +) == handles.count
    }

    /// Records each active participant's contribution of the epoch in the book: the first
    /// `effort` share of its interactions (rounded), each under the handle `epoch << 32 |
    /// index`; returns how many each contributed.
    mutating func contribute(
        _ interactions: EpochInteractions, epoch: Int, active: [Bool], book: inout MissionBook
    ) throws -> [Int] {
        let participants = book.missions[handle].participants
        var counts = [Int](repeating: 0, count: participants.count)
        for (position, agent) in participants.enumerated() where active[Int(agent)] {
            let start = interactions.offsets[Int(agent)], available = interactions.offsets[Int(agent) + 1] - start
            let share = Economy.efforts[Int(effortAction[position])]
            let taken = min(available, Int((Double(available) * share).rounded()))
            for index in start..<start + taken {
                let id = Int64(epoch) << 32 | Int64(index)
                if try book.record(agent: agent, mission: handle, interaction: id) {
                    handles.append(id)
                    p.append(interactions.p[index])
                    accepted.append(interactions.accepted[index])
                    counts[position] += 1
                }
            }
        }
        return counts
    }
}
